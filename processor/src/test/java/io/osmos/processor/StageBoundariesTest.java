package io.osmos.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The read stage is the only code that looks at elements and type mirrors: the graph, the checks
 * and the writers see elements only as places to report at and to name as originating elements.
 */
class StageBoundariesTest {
  private static final Path SOURCES = Path.of("src/main/java/io/osmos/processor");
  // What may be imported from javax.lang.model outside the read stage.
  private static final Set<String> HANDLES =
      Set.of(
          "javax.lang.model.element.Element",
          "javax.lang.model.element.TypeElement",
          "javax.lang.model.element.AnnotationMirror",
          "javax.lang.model.element.AnnotationValue",
          "javax.lang.model.element.Modifier");
  // Calls that read an element or a type mirror.
  private static final List<String> READS =
      List.of(
          ".getEnclosedElements(",
          ".getEnclosingElement(",
          ".getAnnotationMirrors(",
          ".getElementValues(",
          ".asType(",
          ".getKind(",
          ".getModifiers(",
          ".getSuperclass(",
          ".getInterfaces(",
          ".getTypeArguments(",
          ".getElementUtils(",
          ".getTypeUtils(");

  @ParameterizedTest
  @ValueSource(strings = {"model", "check", "write"})
  void stageReadsNoElement(String stage) throws IOException {
    Set<String> found = new TreeSet<>();
    try (Stream<Path> files = Files.list(SOURCES.resolve(stage))) {
      for (Path f : files.sorted().toList()) {
        for (String line : Files.readAllLines(f)) {
          String l = line.trim();
          if (l.startsWith("import io.osmos.processor.read.")
              || (l.startsWith("import javax.lang.model.")
                  && !HANDLES.contains(l.substring(7, l.length() - 1)))) {
            found.add(f.getFileName() + ": " + l);
          }
          for (String call : READS) {
            if (l.contains(call) && !l.startsWith("*") && !l.startsWith("//")) {
              found.add(f.getFileName() + ": " + l);
            }
          }
        }
      }
    }
    assertEquals(Set.of(), found, "the " + stage + " stage reads elements");
  }
}
