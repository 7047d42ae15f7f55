package io.osmos.benchmarks.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The floors of the compile-time benchmark write what they claim to: the three types per model, as
 * classes javac accepts (code using them compiles), or nothing.
 */
class FloorProcessorsTest {
  @TempDir Path dir;

  @Test
  void emptySourcesProcessorWritesThreeSourcesPerModel() throws IOException {
    Result r = compile(EmptySourcesProcessor.class, 2);
    assertEquals(
        List.of(
            "Entity000Patch.java",
            "Entity000Repository.java",
            "Entity000_.java",
            "Entity001Patch.java",
            "Entity001Repository.java",
            "Entity001_.java"),
        r.generatedSources());
    assertTrue(r.classes().containsAll(List.of("Entity000Patch.class", "Entity001_.class")));
  }

  @Test
  void emptyClassFilesProcessorWritesClassFilesJavacAccepts() throws IOException {
    Result r = compile(EmptyClassFilesProcessor.class, 2);
    assertEquals(List.of(), r.generatedSources());
    assertTrue(
        r.classes()
            .containsAll(
                List.of(
                    "Entity000Patch.class",
                    "Entity000Repository.class",
                    "Entity000_.class",
                    "Entity001_.class")),
        r.classes().toString());
  }

  @Test
  void noOutputProcessorWritesNothing() throws IOException {
    Result r = compile(NoOutputProcessor.class, 2);
    assertEquals(List.of(), r.generatedSources());
    assertTrue(r.classes().stream().noneMatch(c -> c.contains("Patch")), r.classes().toString());
  }

  private record Result(List<String> generatedSources, List<String> classes) {}

  /**
   * Compiles {@code count} benchmark models with {@code processor} alone, plus, unless it writes
   * nothing, a class that uses the three generated types of the first model.
   */
  private Result compile(Class<?> processor, int count) throws IOException {
    Path src = dir.resolve("src");
    Path gen = Files.createDirectories(dir.resolve("gen"));
    Path out = Files.createDirectories(dir.resolve("out"));
    ModelSources.main(new String[] {src.toString(), Integer.toString(count)});
    if (processor != NoOutputProcessor.class) {
      Files.writeString(
          src.resolve("com/example/models/UsesGenerated.java"),
          """
          package com.example.models;

          class UsesGenerated {
            Entity000_ metamodel;
            Entity000Patch patch;
            Entity000Repository repository;
          }
          """);
    }
    String classPath = System.getProperty("java.class.path");
    List<String> args =
        new ArrayList<>(
            List.of(
                "-d", out.toString(),
                "-s", gen.toString(),
                "-classpath", classPath,
                "-processorpath", classPath,
                "-processor", processor.getName()));
    try (Stream<Path> files = Files.walk(src)) {
      files.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = javac.run(null, null, err, args.toArray(new String[0]));
    assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
    return new Result(names(gen), names(out.resolve("com/example/models")));
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> p.getFileName().toString())
          .sorted()
          .toList();
    }
  }
}
