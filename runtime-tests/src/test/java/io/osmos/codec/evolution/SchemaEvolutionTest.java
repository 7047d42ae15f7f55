package io.osmos.codec.evolution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import io.osmos.codec.flat.FlatFormat;
import io.osmos.codec.json.JsonFormat;
import io.osmos.codec.tree.TreeFormat;
import io.osmos.exceptions.DecodeException;
import io.osmos.schema.ModelSchema;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Documents stored by older versions of a model, read by the current one, in every format: a
 * missing field is empty, null or its {@code @Default}, or fails naming its path; a field stored
 * under a former name is read, and written under its current name.
 */
class SchemaEvolutionTest {
  private static final ModelSchema<Member, String> M = Member_.MODEL;

  /** A format: how a stored document (as a tree) is written to it and read back as a model. */
  interface Format extends BiFunction<ModelSchema<Member, String>, Map<String, Object>, Member> {}

  static Stream<Arguments> formats() {
    return Stream.of(
        Arguments.of("tree", (Format) TreeFormat::decode),
        Arguments.of(
            "json bytes",
            (Format) (s, doc) -> JsonFormat.decode(s, json(doc).getBytes(StandardCharsets.UTF_8))),
        Arguments.of("json text", (Format) (s, doc) -> JsonFormat.decode(s, json(doc))),
        Arguments.of(
            "json parser",
            (Format) (s, doc) -> s.decode(JsonFormat.reader(JsonFormat.createParser(json(doc))))),
        Arguments.of("flat", (Format) (s, doc) -> FlatFormat.decode(s, flat(doc))));
  }

  /** The document as the current model writes it, every field present. */
  private static Map<String, Object> stored() {
    Map<String, Object> home = new LinkedHashMap<>();
    home.put("city", "Oslo");
    home.put("zip", "0150");
    home.put("floor", 2L);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("id", "m1");
    doc.put("fullName", "Ann Lee");
    doc.put("level", 3L);
    doc.put("tier", "GOLD");
    doc.put("tags", List.of("a"));
    doc.put("counts", Map.of("x", 1L));
    doc.put("joined", "2024-01-02T03:04:05Z");
    doc.put("note", "hi");
    doc.put("email", "ann@example.org");
    doc.put("visits", 7L);
    doc.put("score", null);
    doc.put("nickname", "annie");
    doc.put("home", home);
    return doc;
  }

  private static Member full() {
    return new Member(
        "m1",
        "Ann Lee",
        3,
        Member.Tier.GOLD,
        List.of("a"),
        Map.of("x", 1L),
        Instant.parse("2024-01-02T03:04:05Z"),
        "hi",
        "ann@example.org",
        7,
        null,
        Optional.of("annie"),
        new Home("Oslo", "0150", 2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void theCurrentFormReadsBack(String name, Format format) {
    assertEquals(full(), format.apply(M, stored()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void missingFieldsReadAsTheirDefaultsNullOrEmpty(String name, Format format) {
    Map<String, Object> doc = stored();
    for (String f :
        List.of("level", "tier", "tags", "counts", "joined", "note", "score", "nickname", "home")) {
      doc.remove(f);
    }
    Member m = format.apply(M, doc);
    assertEquals(1, m.level());
    assertEquals(Member.Tier.BASIC, m.tier());
    assertEquals(List.of(), m.tags());
    assertEquals(Map.of(), m.counts());
    assertEquals(Instant.parse("2020-01-01T00:00:00Z"), m.joined());
    assertEquals("n/a", m.note());
    assertNull(m.score());
    assertEquals(Optional.empty(), m.nickname());
    assertNull(m.home());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void aStoredNullReadsAsTheDefaultToo(String name, Format format) {
    Map<String, Object> doc = stored();
    doc.put("tier", null);
    doc.put("tags", null);
    doc.put("note", null);
    doc.put("level", null);
    Member m = format.apply(M, doc);
    assertEquals(Member.Tier.BASIC, m.tier());
    assertEquals(List.of(), m.tags());
    assertEquals("n/a", m.note());
    assertEquals(1, m.level());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void aMissingPrimitiveFailsNamingItsPathAndModel(String name, Format format) {
    Map<String, Object> doc = stored();
    doc.remove("visits");
    DecodeException e = assertThrows(DecodeException.class, () -> format.apply(M, doc));
    assertEquals("visits", e.path());
    assertTrue(e.missing());
    assertEquals(
        "cannot decode field 'visits': it is missing from the stored document, and Member.visits"
            + " is a long without @Default (declare @Default(\"...\") to give documents stored"
            + " without it a value)",
        e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void aPrimitiveStoredAsNullFailsUnlessItHasADefault(String name, Format format) {
    Map<String, Object> doc = stored();
    doc.put("visits", null);
    DecodeException e =
        assertThrows(
            DecodeException.class,
            () -> {
              if (name.equals("flat")) {
                FlatFormat.decode(M, flatWithNull(doc, "visits"));
              } else {
                format.apply(M, doc);
              }
            });
    assertEquals("visits", e.path());
    assertEquals("long", e.expected());
    assertFalse(e.missing());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void aMissingNotNullFieldFails(String name, Format format) {
    Map<String, Object> doc = stored();
    doc.remove("email");
    DecodeException e = assertThrows(DecodeException.class, () -> format.apply(M, doc));
    assertEquals("email", e.path());
    assertTrue(e.missing());
    assertTrue(e.getMessage().contains("Member.email is a String (not null)"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void aNotNullFieldStoredAsNullFails(String name, Format format) {
    Map<String, Object> doc = stored();
    doc.put("email", null);
    DecodeException e = assertThrows(DecodeException.class, () -> format.apply(M, doc));
    assertEquals("email", e.path());
    // The flat format leaves nulls out: there the field is missing.
    assertTrue(e.getMessage().contains("String (not null)"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void aMissingFieldOfANestedTypeIsNamedByItsPath(String name, Format format) {
    Map<String, Object> doc = stored();
    nested(doc).remove("zip");
    DecodeException e = assertThrows(DecodeException.class, () -> format.apply(M, doc));
    assertEquals("home.zip", e.path());
    assertTrue(e.missing());
    assertTrue(e.getMessage().contains("Home.zip is a String (not null)"), e.getMessage());
    nested(doc).put("zip", "0150");
    nested(doc).remove("floor");
    assertEquals(new Home("Oslo", "0150", 0), format.apply(M, doc).home());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void aFieldUnderAFormerNameIsRead(String name, Format format) {
    for (String alias : List.of("name", "displayName")) {
      Map<String, Object> doc = renamed(stored(), "fullName", alias);
      nested(doc).put("town", nested(doc).remove("city"));
      Member m = format.apply(M, doc);
      assertEquals("Ann Lee", m.fullName(), alias);
      assertEquals("Oslo", m.home().city());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void theCurrentNameWinsOverAFormerOneInEitherOrder(String name, Format format) {
    Map<String, Object> before = new LinkedHashMap<>();
    before.put("name", "Old");
    before.putAll(stored());
    assertEquals("Ann Lee", format.apply(M, before).fullName());
    Map<String, Object> after = stored();
    after.put("name", "Old");
    after.put("displayName", "Older");
    assertEquals("Ann Lee", format.apply(M, after).fullName());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void aFormerNameAloneDoesNotCountAsMissingForARequiredField(String name, Format format) {
    Map<String, Object> doc = renamed(stored(), "fullName", "name");
    doc.remove("visits");
    DecodeException e = assertThrows(DecodeException.class, () -> format.apply(M, doc));
    assertEquals("visits", e.path());
  }

  @org.junit.jupiter.api.Test
  void aModelReadUnderAFormerNameIsWrittenUnderItsCurrentName() {
    Map<String, Object> doc = renamed(stored(), "fullName", "name");
    Member m = TreeFormat.decode(M, doc);
    Map<String, Object> written = TreeFormat.encode(M, m);
    assertEquals("Ann Lee", written.get("fullName"));
    assertFalse(written.containsKey("name"), written.toString());
    String json = JsonFormat.encodeToString(M, m);
    assertTrue(json.contains("\"fullName\":\"Ann Lee\""), json);
    assertFalse(json.contains("\"name\""), json);
    assertEquals("Ann Lee", FlatFormat.encode(M, m).get("fullName"));
    assertFalse(FlatFormat.encode(M, m).containsKey("name"));
  }

  // ---- stored documents ----------------------------------------------------------------------

  @SuppressWarnings("unchecked")
  private static Map<String, Object> nested(Map<String, Object> doc) {
    return (Map<String, Object>) doc.get("home");
  }

  /** {@code doc} with {@code from} stored as {@code to}, in the same place. */
  private static Map<String, Object> renamed(Map<String, Object> doc, String from, String to) {
    Map<String, Object> out = new LinkedHashMap<>();
    doc.forEach((k, v) -> out.put(k.equals(from) ? to : k, v));
    return out;
  }

  /** The flat hash of {@code doc} with {@code field} present with a null text. */
  private static Map<String, String> flatWithNull(Map<String, Object> doc, String field) {
    Map<String, String> out = flat(doc);
    out.put(field, null);
    return out;
  }

  private static String json(Object tree) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JsonFormat.createGenerator(out)) {
      JsonFormat.writer(g).any(tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** A flat hash as the flat format stores it: scalars as text, nested values as JSON, no nulls. */
  private static Map<String, String> flat(Map<String, Object> doc) {
    Map<String, String> out = new LinkedHashMap<>();
    doc.forEach(
        (k, v) -> {
          if (v instanceof Map || v instanceof List) {
            out.put(k, json(v));
          } else if (v != null) {
            out.put(k, String.valueOf(v));
          }
        });
    return out;
  }
}
