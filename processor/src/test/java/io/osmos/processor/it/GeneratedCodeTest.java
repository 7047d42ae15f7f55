package io.osmos.processor.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.Osmos;
import io.osmos.codec.FieldDescriptor;
import io.osmos.codec.FieldType;
import io.osmos.codec.json.JsonFormat;
import io.osmos.codec.tree.TreeFormat;
import io.osmos.exceptions.DecodeException;
import io.osmos.exceptions.ValidationException;
import io.osmos.exceptions.Violation;
import io.osmos.memory.MemoryDriver;
import io.osmos.schema.KeyGeneration;
import io.osmos.validation.Violations;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Runs the code the processor generated for the models of this package (processed when the tests
 * were compiled): codecs, checks, keys, patches and repositories.
 */
class GeneratedCodeTest {
  private static final Instant JOINED = Instant.parse("2024-05-01T10:15:30Z");

  private static Person ann() {
    return new Person(
        "p1",
        "ann@example.org",
        31,
        new Address("Main St 1", "0150"),
        List.of("a", "b"),
        Map.of("chess", 1800),
        Optional.of("annie"),
        Person.Level.GOLD,
        JOINED,
        Map.of(),
        0);
  }

  private static List<String> messages(Violations v) {
    return v.list().stream().map(Violation::toString).toList();
  }

  // ---- codec -------------------------------------------------------------------------------

  @Test
  void jsonRoundTrip() {
    Person p = ann();
    String json = JsonFormat.encodeToString(Person_.MODEL, p);
    assertEquals(
        "{\"id\":\"p1\",\"email\":\"ann@example.org\",\"age\":31,"
            + "\"address\":{\"street\":\"Main St 1\",\"zip\":\"0150\"},\"tags\":[\"a\",\"b\"],"
            + "\"scores\":{\"chess\":1800},\"nickname\":\"annie\",\"level\":\"GOLD\","
            + "\"joined\":\"2024-05-01T10:15:30Z\",\"version\":0}",
        json);
    assertEquals(p, JsonFormat.decode(Person_.MODEL, json));
  }

  @Test
  void treeRoundTripWithNullsAndEmptyOptional() {
    Person p =
        new Person(
            "p2", "bo@example.org", 0, null, null, null, Optional.empty(), null, null, Map.of(), 3);
    Map<String, Object> tree = TreeFormat.encode(Person_.MODEL, p);
    assertTrue(tree.containsKey("address"), "nulls are written explicitly: " + tree);
    assertNull(tree.get("nickname"));
    assertEquals(p, TreeFormat.decode(Person_.MODEL, tree));
  }

  @Test
  void unknownFieldsSurviveAReadModifyWrite() {
    Person read =
        JsonFormat.decode(
            Person_.MODEL,
            "{\"id\":\"p1\",\"email\":\"a@b.org\",\"legacy\":{\"x\":[1,true]},\"age\":5,"
                + "\"version\":0}");
    assertEquals(Map.of("legacy", Map.of("x", List.of(1L, true))), read.unknown());
    Person older =
        new Person(
            read.id(),
            read.email(),
            read.age() + 1,
            null,
            null,
            null,
            Optional.empty(),
            null,
            null,
            read.unknown(),
            0);
    String json = JsonFormat.encodeToString(Person_.MODEL, older);
    assertTrue(json.endsWith(",\"version\":0,\"legacy\":{\"x\":[1,true]}}"), json);
  }

  @Test
  void aMissingPrimitiveFailsNamingTheFieldAndAStoredNullToo() {
    DecodeException missing =
        assertThrows(
            DecodeException.class,
            () ->
                JsonFormat.decode(
                    Person_.MODEL, "{\"id\":\"p\",\"email\":\"a@b.org\",\"version\":1}"));
    assertEquals("age", missing.path());
    assertTrue(missing.missing());
    assertEquals(
        "cannot decode field 'age': it is missing from the stored document, and Person.age is an"
            + " int without @Default (declare @Default(\"...\") to give documents stored without"
            + " it a value)",
        missing.getMessage());
    DecodeException nul =
        assertThrows(
            DecodeException.class,
            () -> JsonFormat.decode(Person_.MODEL, "{\"id\":\"p\",\"age\":null}"));
    assertEquals("age", nul.path());
    assertEquals("int", nul.expected());
    assertFalse(nul.missing());
  }

  @Test
  void aNotNullFieldMissingOrStoredAsNullFails() {
    DecodeException missing =
        assertThrows(
            DecodeException.class,
            () -> JsonFormat.decode(Person_.MODEL, "{\"id\":\"p\",\"age\":1,\"version\":1}"));
    assertEquals("email", missing.path());
    assertTrue(missing.missing());
    assertTrue(
        missing.getMessage().contains("Person.email is a String (not null)"), missing.getMessage());
    DecodeException nul =
        assertThrows(
            DecodeException.class,
            () ->
                JsonFormat.decode(
                    Person_.MODEL, "{\"id\":\"p\",\"email\":null,\"age\":1,\"version\":1}"));
    assertEquals("email", nul.path());
    assertEquals("String (not null)", nul.expected());
  }

  @Test
  void missingNullableFieldsReadAsNullAndOptionalsAsEmpty() {
    Person p =
        JsonFormat.decode(
            Person_.MODEL, "{\"id\":\"p\",\"email\":\"a@b.org\",\"age\":1,\"version\":1}");
    assertNull(p.address());
    assertNull(p.joined());
    assertEquals(Optional.empty(), p.nickname());
  }

  @Test
  void badEnumNameFailsWithThePath() {
    DecodeException e =
        assertThrows(
            DecodeException.class,
            () -> JsonFormat.decode(Person_.MODEL, "{\"id\":\"p\",\"level\":\"PLATINUM\"}"));
    assertEquals("level", e.path());
    assertTrue(e.getMessage().contains("one of [BASIC, GOLD]"), e.getMessage());
  }

  // ---- schema ------------------------------------------------------------------------------

  @Test
  void schemaDescribesTheModel() {
    assertEquals("people", Person_.MODEL.bucket());
    assertEquals("db", Person_.MODEL.driverName());
    assertEquals(KeyGeneration.STRING, Person_.MODEL.keyGeneration());
    assertEquals(List.of(Person_.email), Person_.MODEL.indexes());
    assertEquals("version", Person_.MODEL.versionField());
    FieldDescriptor address = Person_.address.descriptor();
    assertEquals(FieldType.Kind.STRUCT, address.type().kind());
    assertEquals(
        List.of("street", "zip"),
        ((FieldType.Struct) address.type())
            .fields().stream().map(FieldDescriptor::storedName).toList());
    assertEquals(FieldDescriptor.Role.KEY, Person_.id.descriptor().role());
    assertEquals(false, Person_.email.descriptor().nullable());
    assertEquals(10, Person_.MODEL.fields().size());
  }

  @Test
  void compositeKeyComponentsRoundTrip() {
    Shipment s = new Shipment();
    s.setCarrier("ups");
    s.setNumber(42);
    s.setPriority(Person.Level.GOLD);
    Shipment_.Key key = Shipment_.MODEL.key(s);
    assertEquals(new Shipment_.Key("ups", 42, Person.Level.GOLD), key);
    Object[] components = Shipment_.MODEL.keyComponents(key);
    assertArrayEquals(new Object[] {"ups", 42L, "GOLD"}, components);
    assertEquals(key, Shipment_.MODEL.keyOf(components));
    assertEquals(KeyGeneration.NONE, Shipment_.MODEL.keyGeneration());
    s.setCarrier(null);
    assertNull(Shipment_.MODEL.key(s), "a key with a missing component is missing");
  }

  @Test
  void zeroLongKeyIsMissing() {
    assertNull(Counter_.MODEL.key(new Counter(0, 1)));
    assertEquals(7L, Counter_.MODEL.key(new Counter(7, 1)));
    assertEquals(new Counter(9, 1), Counter_.MODEL.withKey(new Counter(0, 1), 9L));
  }

  // ---- validation --------------------------------------------------------------------------

  @Test
  void everyViolationWithItsPath() {
    Person bad =
        new Person(
            "p1",
            "not-an-email",
            200,
            new Address(" ", "123456"),
            java.util.Arrays.asList("ok", " ", null),
            null,
            Optional.empty(),
            null,
            null,
            Map.of(),
            0);
    Violations v = new Violations(Clock.fixed(JOINED, ZoneOffset.UTC));
    Person_.MODEL.validate(bad, v);
    assertEquals(
        List.of(
            "email: must be a well-formed email address",
            "age: must be less than or equal to 150",
            "address.street: must not be blank",
            "address.zip: size must be between 0 and 5",
            "tags[1]: must not be blank",
            "tags[2]: must not be blank"),
        messages(v));
  }

  @Test
  void emailAndDigitChecksFollowJakarta() {
    for (String ok :
        List.of(
            "a@b",
            "ann.lee+tag@example.org",
            "\"a b\"@example.org",
            "x@[192.168.0.1]",
            "ü@bücher.example",
            "")) {
      assertTrue(io.osmos.validation.Checks.isEmail(ok), ok);
    }
    for (String bad :
        List.of(
            "plain",
            "@example.org",
            "a@",
            "a..b@example.org",
            "a@-x.org",
            "a@example.org.",
            "a b@example.org",
            "x".repeat(65) + "@example.org")) {
      assertTrue(!io.osmos.validation.Checks.isEmail(bad), bad);
    }
    assertTrue(io.osmos.validation.Checks.digits(new java.math.BigDecimal("1234.50"), 4, 2));
    assertTrue(!io.osmos.validation.Checks.digits(new java.math.BigDecimal("12345"), 4, 2));
    assertTrue(!io.osmos.validation.Checks.digits(0.125, 4, 2));
    assertTrue(!io.osmos.validation.Checks.digits(Double.NaN, 4, 2));
  }

  @Test
  void patchChecksTheValuesItSets() {
    Violations v = new Violations();
    new PersonPatch().email(null).age(-1).tags(List.of("")).validate(v);
    assertEquals(
        List.of(
            "email: must not be null",
            "age: must be greater than or equal to 0",
            "tags[0]: must not be blank"),
        messages(v));
    Violations ok = new Violations();
    new PersonPatch().email("x@y.org").incrementAge(1).validate(ok);
    assertTrue(ok.isEmpty());
  }

  @Test
  void hookMayReplaceTheRecord() {
    Person noTags =
        new Person("p", "a@b.org", 1, null, null, null, Optional.empty(), null, null, Map.of(), 0);
    Person saved = Person_.MODEL.onHook(io.osmos.annotations.Hook.Event.WILL_SAVE, noTags);
    assertEquals(List.of(), saved.tags());
    assertEquals(noTags, Person_.MODEL.onHook(io.osmos.annotations.Hook.Event.DID_GET, noTags));
  }

  // ---- repository --------------------------------------------------------------------------

  @Test
  void repositoryInsertFindUpdate() {
    try (Osmos osmos = Osmos.builder().driver("db", new MemoryDriver()).build()) {
      PersonRepository people = new PersonRepository(osmos);
      Person stored =
          people.insert(
              new Person(
                  null,
                  "ann@example.org",
                  31,
                  null,
                  null,
                  null,
                  Optional.empty(),
                  Person.Level.BASIC,
                  JOINED,
                  new LinkedHashMap<>(),
                  0));
      assertTrue(stored.id() != null && !stored.id().isEmpty(), "key generated");
      assertEquals(1, stored.version());
      assertEquals(List.of(), stored.tags(), "the WILL_SAVE hook's replacement was stored");
      assertEquals(List.of(stored), people.findByEmail("ann@example.org"));

      Optional<Person> updated =
          people.update(stored.id(), p -> p.email("new@example.org").incrementAge(2));
      assertEquals(33, updated.orElseThrow().age());
      assertEquals("new@example.org", updated.orElseThrow().email());
      assertEquals(2, updated.orElseThrow().version());

      ValidationException e =
          assertThrows(
              ValidationException.class, () -> people.update(stored.id(), p -> p.email("nope")));
      assertEquals("email", e.violations().get(0).path());
      assertEquals(33, people.get(stored.id()).orElseThrow().age(), "nothing was written");
    }
  }

  @Test
  void repositoryWithCompositeKey() {
    try (Osmos osmos = Osmos.builder().driver("db", new MemoryDriver()).build()) {
      ShipmentRepository shipments = new ShipmentRepository(osmos);
      Shipment s = new Shipment();
      s.setCarrier("dhl");
      s.setNumber(1);
      s.setPriority(Person.Level.BASIC);
      s.weight = 2.5;
      shipments.save(s);
      Shipment back = shipments.get(new Shipment_.Key("dhl", 1, Person.Level.BASIC)).orElseThrow();
      assertEquals(2.5, back.weight);
      ValidationException e =
          assertThrows(
              ValidationException.class,
              () -> {
                Shipment light = new Shipment();
                light.setCarrier("dhl");
                light.setNumber(2);
                light.setPriority(Person.Level.BASIC);
                shipments.save(light);
              });
      assertEquals("weight: must be greater than 0", e.violations().get(0).toString());
    }
  }
}
