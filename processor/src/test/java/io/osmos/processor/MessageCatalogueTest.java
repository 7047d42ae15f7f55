package io.osmos.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.processor.check.Message;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The message catalogue against what documents and tests it: the README's table of diagnostics, the
 * processor's README, and {@code DiagnosticsTest}.
 */
class MessageCatalogueTest {
  private static final Path README = Path.of(System.getProperty("osmos.readme", "../README.md"));
  private static final Path PROCESSOR_README = Path.of("README.md");
  // DiagnosticsTest, and the tests of other kinds of diagnostics (RepositoryDiagnosticsTest, ...).
  private static final Path TESTS = Path.of("src/test/java/io/osmos/processor");
  private static final Pattern ID = Pattern.compile("`(osmos\\.[A-Za-z.]+)`");

  @Test
  void readmeTableListsEveryIdOfTheCatalogueAndNoOther() throws IOException {
    Set<String> documented = new TreeSet<>();
    for (String line : section(Files.readString(README), "## Compile-time diagnostics")) {
      if (line.startsWith("| `osmos.")) {
        // The ids are in the first column.
        documented.addAll(ids(line.substring(0, line.indexOf(" | ", 1))));
      }
    }
    assertSame(catalogue(), documented, "the README's table");
  }

  @Test
  void processorReadmeListsEveryIdOfTheCatalogueAndNoOther() throws IOException {
    Set<String> documented = new TreeSet<>();
    for (String line : section(Files.readString(PROCESSOR_README), "## Diagnostics")) {
      documented.addAll(ids(line));
    }
    assertSame(catalogue(), documented, "the processor's README");
  }

  @Test
  void everyIdHasADiagnosticsTest() throws IOException {
    StringBuilder all = new StringBuilder();
    try (var files = Files.list(TESTS)) {
      for (Path f : files.sorted().toList()) {
        if (f.getFileName().toString().endsWith("DiagnosticsTest.java")) {
          all.append(Files.readString(f));
        }
      }
    }
    String tests = all.toString();
    Set<String> untested = new TreeSet<>();
    for (String id : catalogue()) {
      if (!tests.contains("[" + id + "]")) {
        untested.add(id);
      }
    }
    assertEquals(Set.of(), untested, "ids no test in DiagnosticsTest asserts");
  }

  @Test
  void everyEntrySaysWhatIsWrongAndWhatWouldBeRight() {
    for (Message m : Message.values()) {
      assertFalse(m.text().isBlank(), m + " has no text");
      assertFalse(m.hint().isBlank(), m + " has no hint");
      assertTrue(m.id().matches("osmos\\.[a-z]+\\.[A-Za-z]+"), m + " has the id " + m.id());
    }
  }

  private static void assertSame(Set<String> catalogue, Set<String> documented, String where) {
    Set<String> missing = new TreeSet<>(catalogue);
    missing.removeAll(documented);
    Set<String> unknown = new TreeSet<>(documented);
    unknown.removeAll(catalogue);
    assertEquals(Set.of(), missing, "ids of the catalogue missing from " + where);
    assertEquals(Set.of(), unknown, "ids in " + where + " that the catalogue does not have");
  }

  private static Set<String> catalogue() {
    Set<String> ids = new TreeSet<>();
    for (Message m : Message.values()) {
      ids.add(m.id());
    }
    return ids;
  }

  // The lines under a heading, up to the next heading of the same level.
  private static String[] section(String text, String heading) {
    int start = text.indexOf("\n" + heading + "\n");
    assertTrue(start >= 0, "no section " + heading);
    String level = heading.substring(0, heading.indexOf(' ') + 1);
    int end = text.indexOf("\n" + level, start + heading.length() + 1);
    return text.substring(start, end < 0 ? text.length() : end).split("\n");
  }

  private static Set<String> ids(String text) {
    Set<String> out = new TreeSet<>();
    Matcher m = ID.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
