package io.osmos.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;

/** Compiles model sources with the Osmos processor, as a user's build would. */
final class ModelCompiler {
  private ModelCompiler() {}

  /**
   * Compiles with every lint warning as an error, so generated code that javac warns about fails
   * the tests too.
   */
  static Compilation compile(List<JavaFileObject> sources) {
    List<JavaFileObject> all = new ArrayList<>(sources);
    if (ModelCompiler.class.getClassLoader().getResource("io/osmos/StreamRepository.class")
        == null) {
      // The stream repository base class is not in the runtime yet: compile against a stub.
      all.add(JavaFileObjects.forResource("stubs/io/osmos/StreamRepository.java"));
    }
    return Compiler.javac()
        .withProcessors(new OsmosProcessor())
        .withOptions("-Xlint:all,-processing", "-Werror")
        .compile(all);
  }

  static Compilation compile(JavaFileObject... sources) {
    return compile(List.of(sources));
  }

  /** The sources of a test model set under {@code src/test/resources/models/<name>}. */
  static List<JavaFileObject> models(String name) {
    URL root = ModelCompiler.class.getClassLoader().getResource("models/" + name);
    if (root == null) {
      throw new IllegalArgumentException("no model set " + name);
    }
    try (Stream<Path> files = Files.walk(Path.of(root.toURI()))) {
      List<JavaFileObject> out = new ArrayList<>();
      for (Path p : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        out.add(JavaFileObjects.forResource(p.toUri().toURL()));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A source file from lines, for diagnostics tests. */
  static JavaFileObject source(String qualifiedName, String text) {
    return JavaFileObjects.forSourceString(qualifiedName, text);
  }

  /** The generated sources of a compilation, as {@code com/acme/User_.java} to text. */
  static java.util.SortedMap<String, String> generatedSources(Compilation c) {
    java.util.SortedMap<String, String> out = new java.util.TreeMap<>();
    for (JavaFileObject f : c.generatedSourceFiles()) {
      String path = f.toUri().getPath();
      int i = path.indexOf("SOURCE_OUTPUT/");
      String relative = i >= 0 ? path.substring(i + "SOURCE_OUTPUT/".length()) : path;
      try {
        out.put(relative, f.getCharContent(true).toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }
}
