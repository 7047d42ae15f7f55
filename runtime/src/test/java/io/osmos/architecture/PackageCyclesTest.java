package io.osmos.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The runtime's packages depend on each other without cycles: exceptions form a leaf, the codec
 * needs nothing above it, the registry names no driver. Read from the compiled classes with the
 * JDK's {@code jdeps}, as {@code jdeps -verbose:package runtime/target/classes} shows them.
 */
class PackageCyclesTest {
  @Test
  void runtimePackagesFormNoCycle() {
    Map<String, Set<String>> graph = dependencies(Path.of("target", "classes"));
    assertTrue(graph.containsKey("io.osmos.codec"), "jdeps read the runtime: " + graph.keySet());
    List<List<String>> cycles = cycles(graph);
    assertEquals(List.of(), cycles, "package cycles; dependencies: " + graph);
  }

  @Test
  void exceptionsAreALeafAndTheCodecNeedsOnlyThem() {
    Map<String, Set<String>> graph = dependencies(Path.of("target", "classes"));
    assertEquals(Set.of(), graph.getOrDefault("io.osmos.exceptions", Set.of()));
    assertEquals(Set.of("io.osmos.exceptions"), graph.get("io.osmos.codec"));
    assertTrue(
        !graph.get("io.osmos").contains("io.osmos.memory"),
        "the registry finds the memory driver through its DriverFactory: " + graph.get("io.osmos"));
  }

  /** Package to the io.osmos packages it uses (annotations aside: a module of their own). */
  static Map<String, Set<String>> dependencies(Path classes) {
    assertTrue(Files.isDirectory(classes), classes + " (run from the module's directory)");
    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
    StringWriter out = new StringWriter();
    int status =
        jdeps.run(
            new PrintWriter(out), new PrintWriter(out), "-verbose:package", classes.toString());
    assertEquals(0, status, out.toString());
    Map<String, Set<String>> graph = new TreeMap<>();
    for (String line : out.toString().split("\n", -1)) {
      String[] parts = line.trim().split("\\s+", -1);
      // "io.osmos.codec    -> io.osmos.exceptions    classes"
      if (parts.length >= 3 && parts[1].equals("->") && parts[0].startsWith("io.osmos")) {
        String from = parts[0];
        String to = parts[2];
        graph.computeIfAbsent(from, k -> new TreeSet<>());
        if (to.startsWith("io.osmos")
            && !to.equals(from)
            && !to.startsWith("io.osmos.annotations")) {
          graph.get(from).add(to);
        }
      }
    }
    return graph;
  }

  /** The strongly connected components of more than one package (Tarjan's algorithm). */
  static List<List<String>> cycles(Map<String, Set<String>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    List<List<String>> found = new ArrayList<>();
    int[] counter = {0};
    for (String v : graph.keySet()) {
      if (!index.containsKey(v)) {
        connect(v, graph, index, low, stack, found, counter);
      }
    }
    return found;
  }

  private static void connect(
      String v,
      Map<String, Set<String>> graph,
      Map<String, Integer> index,
      Map<String, Integer> low,
      Deque<String> stack,
      List<List<String>> found,
      int[] counter) {
    index.put(v, counter[0]);
    low.put(v, counter[0]++);
    stack.push(v);
    for (String w : graph.getOrDefault(v, Set.of())) {
      if (!index.containsKey(w)) {
        connect(w, graph, index, low, stack, found, counter);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (stack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      List<String> component = new ArrayList<>();
      String w;
      do {
        w = stack.pop();
        component.add(w);
      } while (!w.equals(v));
      if (component.size() > 1) {
        component.sort(null);
        found.add(component);
      }
    }
  }
}
