package io.osmos.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated sources of representative models, compared character for character with the files
 * under {@code src/test/resources/golden/<model set>/}. Run with {@code -Dosmos.updateGoldens=true}
 * to rewrite those files after an intended change, then review the diff.
 */
class GoldenSourcesTest {
  private static final boolean UPDATE = Boolean.getBoolean("osmos.updateGoldens");
  private static final Path GOLDEN =
      Path.of(System.getProperty("osmos.goldenDir", "src/test/resources/golden"));

  @ParameterizedTest
  @ValueSource(strings = {"record", "klass", "nested", "constraints", "stream", "jakarta"})
  void generatedSourcesMatchGoldenFiles(String modelSet) throws IOException {
    Compilation c = ModelCompiler.compile(ModelCompiler.models(modelSet));
    assertThat(c).succeededWithoutWarnings();
    SortedMap<String, String> generated = ModelCompiler.generatedSources(c);
    Path dir = GOLDEN.resolve(modelSet);
    if (UPDATE) {
      rewrite(dir, generated);
      return;
    }
    List<String> expectedFiles = list(dir);
    assertEquals(
        expectedFiles,
        new ArrayList<>(generated.keySet()),
        "generated files differ from the golden files in "
            + dir
            + " (run with -Dosmos.updateGoldens=true to accept)");
    for (Map.Entry<String, String> e : generated.entrySet()) {
      String expected = Files.readString(dir.resolve(e.getKey()));
      if (!expected.equals(e.getValue())) {
        fail(firstDifference(modelSet + "/" + e.getKey(), expected, e.getValue()));
      }
    }
  }

  private static void rewrite(Path dir, SortedMap<String, String> generated) throws IOException {
    for (String stale : list(dir)) {
      if (!generated.containsKey(stale)) {
        Files.delete(dir.resolve(stale));
      }
    }
    for (Map.Entry<String, String> e : generated.entrySet()) {
      Path file = dir.resolve(e.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, e.getValue());
    }
  }

  private static List<String> list(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> dir.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }

  private static String firstDifference(String file, String expected, String actual) {
    String[] e = expected.split("\n", -1);
    String[] a = actual.split("\n", -1);
    for (int i = 0; i < Math.max(e.length, a.length); i++) {
      String el = i < e.length ? e[i] : "<end of file>";
      String al = i < a.length ? a[i] : "<end of file>";
      if (!el.equals(al)) {
        return file
            + " differs from its golden file at line "
            + (i + 1)
            + ":\n  expected: "
            + el
            + "\n  actual:   "
            + al
            + "\n(run with -Dosmos.updateGoldens=true to accept the new output)";
      }
    }
    return file + " differs from its golden file";
  }
}
