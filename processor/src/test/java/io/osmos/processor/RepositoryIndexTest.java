package io.osmos.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import io.osmos.processor.write.RepositoryIndexWriter;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository index, {@code META-INF/services/io.osmos.RepositoryFactory}: one file per
 * compilation listing every generated repository's factory, sorted, whatever the rounds.
 */
class RepositoryIndexTest {
  private static final String INDEX = RepositoryIndexWriter.RESOURCE;

  @Test
  void listsTheFactoryOfEveryRepositoryOfTheCompilationSorted() throws IOException {
    List<JavaFileObject> sources = new ArrayList<>(ModelCompiler.models("stream"));
    sources.addAll(ModelCompiler.models("klass"));
    sources.addAll(ModelCompiler.models("record"));
    Compilation c = ModelCompiler.compile(sources);
    assertThat(c).succeededWithoutWarnings();
    assertEquals(
        "com.acme.UserRepository$Factory\n"
            + "com.acme.bank.AccountRepository$Factory\n"
            + "com.acme.events.PageViewRepository$Factory\n",
        index(c));
  }

  @Test
  void aModelProcessedInALaterRoundIsInTheSameFile() throws IOException {
    JavaFileObject user =
        JavaFileObjects.forSourceString(
            "com.acme.User",
            """
            package com.acme;

            import io.osmos.annotations.Key;
            import io.osmos.annotations.Model;

            @Model(bucket = "users", driver = "db")
            public record User(@Key String id, Tier tier) {}
            """);
    JavaFileObject note =
        JavaFileObjects.forSourceString(
            "com.acme.Note",
            """
            package com.acme;

            import io.osmos.annotations.Key;
            import io.osmos.annotations.Model;

            @Model(bucket = "notes", driver = "db")
            public record Note(@Key String id, String text) {}
            """);
    // User waits for Tier, which another processor generates in the first round.
    Compilation c =
        Compiler.javac()
            .withProcessors(new DeferralTest.TierGenerator(), new OsmosProcessor())
            .compile(user, note);
    assertThat(c).succeeded();
    assertEquals("com.acme.NoteRepository$Factory\ncom.acme.UserRepository$Factory\n", index(c));
  }

  @Test
  void aCompilationWithoutModelsWritesNoIndex() {
    JavaFileObject address =
        JavaFileObjects.forSourceString(
            "com.acme.Address",
            """
            package com.acme;

            import io.osmos.annotations.Embeddable;

            @Embeddable
            public record Address(String city) {}
            """);
    Compilation c = ModelCompiler.compile(address);
    assertThat(c).succeededWithoutWarnings();
    assertFalse(c.generatedFile(StandardLocation.CLASS_OUTPUT, INDEX).isPresent());
  }

  /**
   * An incremental build compiles only the changed model into the previous class output: the index
   * keeps the entries of the models compiled before, and drops those whose class is gone.
   */
  @Test
  void anIncrementalCompilationKeepsTheEntriesOfClassesThatStillExist(@TempDir Path dir)
      throws IOException {
    Path src = Files.createDirectories(dir.resolve("src/com/acme"));
    Path out = Files.createDirectories(dir.resolve("classes"));
    Files.writeString(src.resolve("Note.java"), model("Note", "notes"));
    Files.writeString(src.resolve("Memo.java"), model("Memo", "memos"));
    javac(out, src.resolve("Note.java"), src.resolve("Memo.java"));
    assertEquals(
        "com.acme.MemoRepository$Factory\ncom.acme.NoteRepository$Factory\n",
        Files.readString(out.resolve(INDEX)));

    // Memo is deleted (with its classes, as the build tool does); Task is new.
    try (var files = Files.list(out.resolve("com/acme"))) {
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith("Memo")).toList()) {
        Files.delete(f);
      }
    }
    Files.writeString(src.resolve("Task.java"), model("Task", "tasks"));
    javac(out, src.resolve("Task.java"));
    assertEquals(
        "com.acme.NoteRepository$Factory\ncom.acme.TaskRepository$Factory\n",
        Files.readString(out.resolve(INDEX)));
  }

  private static String model(String name, String bucket) {
    return "package com.acme;\n\n"
        + "import io.osmos.annotations.Key;\n"
        + "import io.osmos.annotations.Model;\n\n"
        + "@Model(bucket = \""
        + bucket
        + "\", driver = \"db\")\n"
        + "public record "
        + name
        + "(@Key String id) {}\n";
  }

  /**
   * Compiles into {@code out}, with {@code out} on the class path, as an incremental build does.
   */
  private static void javac(Path out, Path... sources) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
      String classPath = out + File.pathSeparator + System.getProperty("java.class.path");
      StringWriter log = new StringWriter();
      JavaCompiler.CompilationTask task =
          javac.getTask(
              log,
              files,
              null,
              List.of("-d", out.toString(), "-s", out.toString(), "-classpath", classPath),
              null,
              files.getJavaFileObjects(sources));
      task.setProcessors(List.of(new OsmosProcessor()));
      assertTrue(task.call(), () -> "compilation failed:\n" + log);
    }
  }

  private static String index(Compilation c) throws IOException {
    JavaFileObject f =
        c.generatedFile(StandardLocation.CLASS_OUTPUT, INDEX)
            .orElseThrow(() -> new AssertionError("no " + INDEX + " was generated"));
    return f.getCharContent(true).toString();
  }
}
