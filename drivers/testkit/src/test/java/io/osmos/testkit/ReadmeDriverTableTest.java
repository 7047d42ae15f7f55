package io.osmos.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's driver table says which capabilities each driver has; this test holds it to the
 * code: the capabilities a row lists are exactly the capability interfaces the driver class
 * implements, and the module runs the conformance suite of each of them.
 */
class ReadmeDriverTableTest {
  private static final Set<String> CAPABILITIES =
      Set.of("DocumentStore", "MessageQueue", "LookupService", "WarehouseService", "ChangeFeed");
  private static final Pattern ROW =
      Pattern.compile("^\\| ([^|]+) \\| `(osmos-[a-z-]+)` \\| ([^|]+) \\|");
  private static final Pattern CLASS_DECLARATION =
      Pattern.compile("public final class (\\w+Driver)\\s+implements ([^{]+)\\{");
  private static final Pattern SUITE = Pattern.compile("extends (\\w+)Conformance\\b");

  private final Path root = Path.of("../..").toAbsolutePath().normalize();

  record Row(String driver, String module, Set<String> capabilities) {}

  @Test
  void everyDriverRowListsExactlyTheCapabilitiesItsDriverImplementsAndTests() {
    List<Row> rows = rows();
    assertEquals(9, rows.size(), "driver rows in README.md: " + rows);
    for (Row row : rows) {
      Path main;
      List<Path> tests;
      if (row.module().equals("osmos-runtime")) {
        main = root.resolve("runtime/src/main/java/io/osmos/memory");
        tests = List.of(root.resolve("drivers/testkit/src/test/java/io/osmos/testkit/memory"));
      } else {
        String dir = row.module().substring("osmos-driver-".length());
        main = root.resolve("drivers/" + dir + "/src/main/java");
        tests = List.of(root.resolve("drivers/" + dir + "/src/test/java"));
      }
      assertEquals(
          row.capabilities(),
          implemented(main),
          row.driver() + ": the README lists the capabilities the driver class implements");
      assertEquals(
          row.capabilities(),
          suites(tests),
          row.driver() + ": the module runs the conformance suite of every capability it lists");
    }
  }

  private List<Row> rows() {
    String readme = read(root.resolve("README.md"));
    int start = readme.indexOf("## Drivers");
    assertTrue(start >= 0, "README.md has a Drivers section");
    List<Row> rows = new ArrayList<>();
    for (String line : readme.substring(start).split("\n", -1)) {
      Matcher m = ROW.matcher(line);
      if (m.find()) {
        Set<String> listed = new TreeSet<>();
        // "DocumentStore, ChangeFeed (the writes of a bucket, to subscribers)": names before notes.
        for (String part : m.group(3).replaceAll("\\([^)]*\\)", "").split(",", -1)) {
          listed.add(part.trim());
        }
        assertTrue(CAPABILITIES.containsAll(listed), m.group(1) + " lists " + listed);
        rows.add(new Row(m.group(1).trim(), m.group(2), listed));
      } else if (!rows.isEmpty() && !line.startsWith("|")) {
        break;
      }
    }
    return rows;
  }

  private static Set<String> implemented(Path main) {
    Set<String> found = new TreeSet<>();
    for (Path file : javaFiles(main)) {
      Matcher m = CLASS_DECLARATION.matcher(read(file));
      while (m.find()) {
        for (String type : m.group(2).split(",", -1)) {
          String name = type.trim();
          if (CAPABILITIES.contains(name)) {
            found.add(name);
          }
        }
      }
    }
    assertFalse(found.isEmpty(), "no driver class under " + main);
    return found;
  }

  private static Set<String> suites(List<Path> dirs) {
    Set<String> found = new TreeSet<>();
    for (Path dir : dirs) {
      for (Path file : javaFiles(dir)) {
        Matcher m = SUITE.matcher(read(file));
        while (m.find()) {
          found.add(m.group(1));
        }
      }
    }
    return found;
  }

  private static List<Path> javaFiles(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
