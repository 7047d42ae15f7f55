package io.osmos.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * One test per diagnostic: the id, the whole message and the line javac points at. Messages are
 * part of the user interface, so a changed text must change a test.
 */
class DiagnosticsTest {
  private static final String IMPORTS =
      """
      package com.acme;

      import io.osmos.annotations.*;
      import jakarta.validation.constraints.*;
      import java.time.Instant;
      import java.util.*;

      """;

  private static JavaFileObject source(String name, String body) {
    return ModelCompiler.source("com.acme." + name, IMPORTS + body);
  }

  /** Compiles {@code sources}; the first one must get {@code message} on the line given. */
  private static Compilation assertError(String message, String line, JavaFileObject... sources) {
    Compilation c = ModelCompiler.compile(sources);
    assertThat(c).failed();
    assertThat(c).hadErrorContaining(message).inFile(sources[0]).onLineContaining(line);
    return c;
  }

  // ---- the type ------------------------------------------------------------------------------

  @Test
  void modelOnInterface() {
    assertError(
        "[osmos.model.kind] @Model cannot be used on Thing: it is an interface; declare a record"
            + " or a concrete class",
        "@Model(bucket = \"things\"",
        source(
            "Thing",
            """
            @Model(bucket = "things", driver = "db")
            public interface Thing {}
            """));
  }

  @Test
  void modelOnAbstractClass() {
    assertError(
        "[osmos.model.kind] @Model cannot be used on Thing: it is abstract; declare a concrete"
            + " class (generated code creates instances of it)",
        "@Model(",
        source(
            "Thing",
            """
            @Model(bucket = "things", driver = "db")
            public abstract class Thing {
              @Key public String id;
            }
            """));
  }

  @Test
  void embeddableOnInnerClass() {
    assertError(
        "[osmos.model.kind] @Embeddable cannot be used on Inner: it is a non-static nested class;"
            + " declare it static, or as a top-level class",
        "@Embeddable",
        source(
            "Outer",
            """
            public class Outer {
              @Embeddable
              public class Inner {
                public String name;
              }
            }
            """));
  }

  @Test
  void modelThatIsAlsoEmbeddable() {
    assertError(
        "[osmos.model.kind] @Model cannot be used on Thing: it is also @Embeddable; a type is"
            + " stored either on its own (@Model) or inside models (@Embeddable); remove one of"
            + " the two",
        "@Model(bucket = \"things\"",
        source(
            "Thing",
            """
            @Embeddable
            @Model(bucket = "things", driver = "db")
            public record Thing(@Key String id) {}
            """));
  }

  @Test
  void invalidBucket() {
    assertError(
        "[osmos.model.bucket] bucket \"user accounts\" of User is not a valid bucket name; use 1"
            + " to 63 letters, digits, '_' or '-', e.g. @Model(bucket = \"users\")",
        "bucket = \"user accounts\"",
        source(
            "User",
            """
            @Model(
                bucket = "user accounts",
                driver = "db")
            public record User(@Key String id) {}
            """));
  }

  @Test
  void emptyDriver() {
    assertError(
        "[osmos.model.driver] User has an empty driver name; name the driver registration the"
            + " model uses, e.g. @Model(bucket = \"...\", driver = \"db\")",
        "driver = \"\"",
        source(
            "User",
            """
            @Model(
                bucket = "users",
                driver = "")
            public record User(@Key String id) {}
            """));
  }

  @Test
  void noConstructor() {
    assertError(
        "[osmos.model.constructor] Note has no accessible constructor without parameters, so"
            + " stored values cannot be read back; add a public or package-private no-argument"
            + " constructor, or make Note a record",
        "@Model",
        source(
            "Note",
            """
            @Model(bucket = "notes", driver = "db")
            public class Note {
              @Key public String id;

              public Note(String id) {
                this.id = id;
              }
            }
            """));
  }

  @Test
  void fieldWithoutAccessors() {
    JavaFileObject note =
        source(
            "Note",
            """
            @Model(bucket = "notes", driver = "db")
            public class Note {
              @Key public String id;
              private String text;
            }
            """);
    Compilation c =
        assertError(
            "[osmos.model.accessor] field text of Note has no accessible getter; add public String"
                + " getText(), make the field non-private, or mark it @Transient",
            "private String text;",
            note);
    assertThat(c)
        .hadErrorContaining(
            "[osmos.model.accessor] field text of Note has no accessible setter; add public void"
                + " setText(String text), make the field non-private, or mark it @Transient")
        .inFile(note)
        .onLineContaining("private String text;");
  }

  @Test
  void generatedNameTaken() {
    assertError(
        "[osmos.model.nameClash] cannot generate UserRepository for User: package com.acme"
            + " already declares a type named UserRepository; rename that type or the model",
        "@Model",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(@Key String id) {}
            """),
        source(
            "UserRepository",
            """
            public class UserRepository {}
            """));
  }

  // ---- fields --------------------------------------------------------------------------------

  @Test
  void unsupportedFieldType() {
    assertError(
        "[osmos.field.type] field payload has type Object, which Osmos cannot store; supported"
            + " types: primitives and their wrappers, String, BigDecimal, BigInteger, UUID,"
            + " Instant, LocalDate, LocalDateTime, Duration, byte[], enums, @Embeddable types,"
            + " List<T>, Set<T> and Map<String, T> of those, and Optional<T> of those; store any"
            + " other type with @Convert(MyConverter.class) or mark the field @Transient",
        "Object payload",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(
                @Key String id,
                Object payload) {}
            """));
  }

  @Test
  void unsupportedElementType() {
    JavaFileObject user =
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(
                @Key String id,
                List<Object> items,
                int[] counts,
                Map<Integer, String> byNumber) {}
            """);
    Compilation c =
        assertError(
            "[osmos.field.type] field items has type List<Object>, which Osmos cannot store (Object"
                + " is not supported); supported types:",
            "List<Object> items",
            user);
    assertThat(c)
        .hadErrorContaining(
            "[osmos.field.type] field counts has type int[], which Osmos cannot store (arrays other"
                + " than byte[] are not supported; use a List); supported types:")
        .inFile(user)
        .onLineContaining("int[] counts");
    assertThat(c)
        .hadErrorContaining(
            "[osmos.field.type] field byNumber has type Map<Integer, String>, which Osmos cannot"
                + " store (map keys must be String); supported types:")
        .inFile(user)
        .onLineContaining("Map<Integer, String> byNumber");
  }

  @Test
  void invalidStoredName() {
    assertError(
        "[osmos.field.name] field email would be stored as \"e-mail\", which is not a valid stored"
            + " name; use 1 to 63 letters, digits or '_', not starting with a digit",
        "@Field(name = \"e-mail\")",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(
                @Key String id,
                @Field(name = "e-mail") String email) {}
            """));
  }

  @Test
  void twoFieldsStoredUnderOneName() {
    assertError(
        "[osmos.field.duplicateName] fields email and mail of User are both stored as \"email\";"
            + " give one of them another @Field(name = \"...\")",
        "@Field(name = \"email\") String mail",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(
                @Key String id,
                String email,
                @Field(name = "email") String mail) {}
            """));
  }

  @Test
  void aliasThatIsAnotherFieldsName() {
    assertError(
        "[osmos.field.aliasClash] alias \"email\" of field mail is also the stored name of field"
            + " email; a stored name reads one field only: remove the alias, or store the other"
            + " field under another name",
        "@Field(aliases = {\"email\"}) String mail",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(
                @Key String id,
                String email,
                @Field(aliases = {"email"}) String mail) {}
            """));
  }

  @Test
  void aliasOfTwoFields() {
    assertError(
        "[osmos.field.aliasClash] alias \"name\" of field nickname is also the alias of field"
            + " fullName; a stored name reads one field only: remove the alias, or store the other"
            + " field under another name",
        "@Field(aliases = \"name\") String nickname",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(
                @Key String id,
                @Field(name = "full_name", aliases = "name") String fullName,
                @Field(aliases = "name") String nickname) {}
            """));
  }

  @Test
  void aliasThatIsTheFieldsOwnName() {
    assertError(
        "[osmos.field.aliasClash] alias \"full_name\" of field fullName is the name it is stored"
            + " under; remove the alias: a field is always read under its own stored name",
        "@Field(name = \"full_name\", aliases = {\"full_name\"})",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(
                @Key String id,
                @Field(name = "full_name", aliases = {"full_name"}) String fullName) {}
            """));
  }

  @Test
  void aliasThatIsNoStoredName() {
    assertError(
        "[osmos.field.name] alias \"full name\" of field fullName is not a valid stored name; use 1"
            + " to 63 letters, digits or '_', not starting with a digit",
        "@Field(aliases = \"full name\")",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(
                @Key String id,
                @Field(aliases = "full name") String fullName) {}
            """));
  }

  @Test
  void defaultThatIsNotOfTheFieldsType() {
    assertError(
        "[osmos.default.value] @Default(\"abc\") on field age is not an int (a whole number from"
            + " -2147483648 to 2147483647); write an int (a whole number from -2147483648 to"
            + " 2147483647), e.g. @Default(\"0\")",
        "@Default(\"abc\") int age",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(
                @Key String id,
                @Default("abc") int age) {}
            """));
  }

  @Test
  void defaultThatIsNoConstantOfTheEnum() {
    assertError(
        "[osmos.default.value] @Default(\"GREEN\") on field status is not a constant of Status"
            + " (ACTIVE, BLOCKED); write a constant of Status (ACTIVE, BLOCKED), e.g."
            + " @Default(\"ACTIVE\")",
        "@Default(\"GREEN\") Status status",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(
                @Key String id,
                @Default("GREEN") Status status) {
              public enum Status { ACTIVE, BLOCKED }
            }
            """));
  }

  @Test
  void defaultOfAnInstantThatIsNotIso8601() {
    assertError(
        "[osmos.default.value] @Default(\"yesterday\") on field seen is not an Instant (ISO-8601"
            + " in UTC); write an Instant (ISO-8601 in UTC), e.g. @Default(\"1970-01-01T00:00:00Z\")",
        "@Default(\"yesterday\")",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(
                @Key String id,
                @Default("yesterday") Instant seen) {}
            """));
  }

  @Test
  void defaultWithAValueOnACollection() {
    assertError(
        "[osmos.default.value] @Default(\"a\") on field tags has a value, but the default of a"
            + " List<String> is empty; write @Default without a value",
        "@Default(\"a\") List<String> tags",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(
                @Key String id,
                @Default("a") List<String> tags) {}
            """));
  }

  @Test
  void defaultOnAnOptional() {
    assertError(
        "[osmos.default.type] @Default cannot be used on field nickname: it is an Optional, which"
            + " reads as empty when the stored document lacks it; remove @Default, or declare the"
            + " field as String to read a missing value as the default",
        "@Default(\"anon\") Optional<String> nickname",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(
                @Key String id,
                @Default("anon") Optional<String> nickname) {}
            """));
  }

  @Test
  void defaultOnAnUnsupportedType() {
    assertError(
        "[osmos.default.type] @Default cannot be used on field avatar of type byte[]; defaults are"
            + " written for primitives and their wrappers, String, BigDecimal, BigInteger, UUID,"
            + " Instant, LocalDate, LocalDateTime, Duration and enums, and mean empty on List, Set"
            + " and Map; remove @Default",
        "@Default byte[] avatar",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(
                @Key String id,
                @Default byte[] avatar) {}
            """));
  }

  @Test
  void defaultOnTheKey() {
    assertError(
        "[osmos.default.role] @Default cannot be used on field id: it is @Key, whose value comes"
            + " from the store; remove @Default",
        "@Default(\"x\") @Key String id",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(
                @Default("x") @Key String id,
                String name) {}
            """));
  }

  @Test
  void defaultOnTheVersion() {
    assertError(
        "[osmos.default.role] @Default cannot be used on field version: it is @Version, whose"
            + " value comes from the store; remove @Default",
        "@Default(\"0\") @Version long version",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(
                @Key String id,
                @Default("0") @Version long version) {}
            """));
  }

  @Test
  void annotationOnFieldAndGetter() {
    assertError(
        "[osmos.field.repeated] @Index is declared twice on field email (on the field and on its"
            + " accessor); keep one",
        "@Index public String getEmail()",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public class User {
              @Key public String id;
              @Index private String email;

              @Index public String getEmail() {
                return email;
              }

              public void setEmail(String email) {
                this.email = email;
              }
            }
            """));
  }

  @Test
  void transientWithIndex() {
    assertError(
        "[osmos.field.transient] field cache is @Transient, so @Index has no effect; remove"
            + " @Transient or @Index",
        "@Transient @Index String cache",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(
                @Key String id,
                @Transient @Index String cache) {}
            """));
  }

  // ---- keys ----------------------------------------------------------------------------------

  @Test
  void missingKey() {
    assertError(
        "[osmos.key.missing] User has no @Key field; mark the field that identifies a User with"
            + " @Key",
        "@Model",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(String id, String email) {}
            """));
  }

  @Test
  void keyOnFieldAndGetter() {
    assertError(
        "[osmos.key.duplicate] field id has @Key on both the field and its accessor; keep one of"
            + " them",
        "@Key public String getId()",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public class User {
              @Key private String id;

              @Key public String getId() {
                return id;
              }

              public void setId(String id) {
                this.id = id;
              }
            }
            """));
  }

  @Test
  void keyOnComponentAndExplicitAccessor() {
    assertError(
        "[osmos.key.duplicate] field id has @Key on both the field and its accessor; keep one of"
            + " them",
        "@Key public String id()",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(@Key String id) {
              @Key public String id() {
                return id;
              }
            }
            """));
  }

  @Test
  void keyThatIsAlsoTheVersion() {
    assertError(
        "[osmos.key.duplicate] field id is both @Key and @Version; a key is a stored field of its"
            + " own; remove @Version or use another field for it",
        "@Key @Version long id",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(@Key @Version long id) {}
            """));
  }

  @Test
  void keyThatIsAlsoIndexed() {
    assertError(
        "[osmos.key.duplicate] field id is both @Key and @Index; a model is found by its key"
            + " without an index; remove @Index",
        "@Index String id",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(
                @Key
                @Index String id) {}
            """));
  }

  @Test
  void indexOnAFieldOfACompositeKeyIsAllowed() {
    Compilation c =
        ModelCompiler.compile(
            source(
                "Visit",
                """
                @Model(bucket = "visits", driver = "db", kind = Model.Kind.STREAM)
                public record Visit(
                    @Key String region,
                    @Key @Index String user,
                    @Key long seq,
                    @Timestamp Instant at) {}
                """));
    assertThat(c).succeededWithoutWarnings();
  }

  @Test
  void keyThatIsAlsoTheTimestamp() {
    assertError(
        "[osmos.key.duplicate] field id is both @Key and @Timestamp; a key is a stored field of"
            + " its own; remove @Timestamp or use another field for it",
        "@Timestamp Instant id",
        source(
            "Event",
            """
            @Model(bucket = "events", driver = "db")
            public record Event(
                @Key
                @Timestamp Instant id) {}
            """));
  }

  @Test
  void keyThatIsAlsoTheExtraField() {
    assertError(
        "[osmos.key.duplicate] field id is both @Key and @Extra; a key is a stored field of its"
            + " own; remove @Extra or use another field for it",
        "@Extra Map<String, Object> id",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(
                @Key
                @Extra Map<String, Object> id) {}
            """));
  }

  @Test
  void keyThatIsTransient() {
    assertError(
        "[osmos.key.duplicate] field id is both @Key and @Transient; a key is a stored field of"
            + " its own; remove @Transient or use another field for it",
        "@Transient String id",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(
                @Key
                @Transient String id) {}
            """));
  }

  @Test
  void keyOfUnsupportedType() {
    assertError(
        "[osmos.key.type] @Key field id has type double, which cannot be a key; key types are"
            + " String, UUID, Instant, LocalDate, LocalDateTime, enums, boolean, byte, short, int,"
            + " long and their wrappers (a single String, UUID or long key can be generated on"
            + " insert)",
        "@Key double id",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(@Key double id) {}
            """));
  }

  @Test
  void optionalKey() {
    assertError(
        "[osmos.key.optional] @Key field id is an Optional; a key is a plain value (null only on"
            + " insert, when it is generated): declare it as String",
        "@Key Optional<String> id",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(@Key Optional<String> id) {}
            """));
  }

  // ---- indexes, versions, timestamps -------------------------------------------------------

  @Test
  void indexOnList() {
    assertError(
        "[osmos.index.type] @Index on field tags of type List<String> is not supported; indexable"
            + " types are String, boolean, char, byte, short, int, long, float, double and their"
            + " wrappers, enums, UUID, Instant, LocalDate, LocalDateTime, and Optional of those",
        "@Index List<String> tags",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(
                @Key String id,
                @Index List<String> tags) {}
            """));
  }

  @Test
  void indexInsideEmbeddable() {
    assertError(
        "[osmos.index.embeddable] @Index on field city of @Embeddable Address has no meaning:"
            + " keys, indexes, versions and timestamps belong to top-level model fields; move it"
            + " to the model or remove it",
        "@Index String city",
        source(
            "Address",
            """
            @Embeddable
            public record Address(String street, @Index String city) {}
            """));
  }

  @Test
  void versionOfWrongType() {
    assertError(
        "[osmos.version.type] @Version field version has type String; a version is an int, long,"
            + " Integer or Long",
        "@Version String version",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(
                @Key String id,
                @Version String version) {}
            """));
  }

  @Test
  void twoVersions() {
    assertError(
        "[osmos.version.duplicate] User has several @Version fields (v1 and v2); keep one",
        "@Version long v2",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(
                @Key String id,
                @Version long v1,
                @Version long v2) {}
            """));
  }

  @Test
  void timestampOfWrongType() {
    assertError(
        "[osmos.timestamp.type] @Timestamp field at has type long; a timestamp is a"
            + " java.time.Instant",
        "@Timestamp long at",
        source(
            "Event",
            """
            @Model(bucket = "events", driver = "db", kind = Model.Kind.STREAM)
            public record Event(
                @Key String id,
                @Timestamp long at) {}
            """));
  }

  @Test
  void twoTimestamps() {
    assertError(
        "[osmos.timestamp.duplicate] Event has several @Timestamp fields (at and seen); keep one",
        "@Timestamp Instant seen",
        source(
            "Event",
            """
            @Model(bucket = "events", driver = "db", kind = Model.Kind.STREAM)
            public record Event(
                @Key String id,
                @Timestamp Instant at,
                @Timestamp Instant seen) {}
            """));
  }

  @Test
  void streamWithoutTimestamp() {
    assertError(
        "[osmos.timestamp.missing] stream model Event has no @Timestamp field; add an Instant"
            + " field marked @Timestamp (lookups keep the newest record per key by it)",
        "@Model",
        source(
            "Event",
            """
            @Model(bucket = "events", driver = "db", kind = Model.Kind.STREAM)
            public record Event(@Key String id, Instant at) {}
            """));
  }

  // ---- constraints ---------------------------------------------------------------------------

  @Test
  void constraintOnWrongType() {
    JavaFileObject user =
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(
                @Key String id,
                @Min(1) String name,
                @Email int count,
                List<@Positive String> tags) {}
            """);
    Compilation c =
        assertError(
            "[osmos.constraint.type] @Min cannot be applied to field name of type String; it"
                + " applies to byte, short, int, long, their wrappers, BigDecimal and BigInteger",
            "@Min(1) String name",
            user);
    assertThat(c)
        .hadErrorContaining(
            "[osmos.constraint.type] @Email cannot be applied to field count of type int; it"
                + " applies to String")
        .inFile(user)
        .onLineContaining("@Email int count");
    assertThat(c)
        .hadErrorContaining(
            "[osmos.constraint.type] @Positive cannot be applied to the elements of field tags of"
                + " type String; it applies to byte, short, int, long, float, double, their"
                + " wrappers, BigDecimal and BigInteger")
        .inFile(user)
        .onLineContaining("List<@Positive String> tags");
  }

  @Test
  void constraintWithImpossibleValues() {
    JavaFileObject user =
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(
                @Key String id,
                @Size(min = 5, max = 2) String code,
                @Pattern(regexp = "[a-z") String slug,
                @DecimalMin("abc") java.math.BigDecimal price) {}
            """);
    Compilation c =
        assertError(
            "[osmos.constraint.value] @Size on field code: min (5) is greater than max (2); no"
                + " value could be valid",
            "@Size(min = 5, max = 2) String code",
            user);
    assertThat(c)
        .hadErrorContaining(
            "[osmos.constraint.value] @Pattern on field slug: the regular expression does not"
                + " compile: Unclosed character class near index 3 of \"[a-z\"")
        .inFile(user)
        .onLineContaining("@Pattern(regexp = \"[a-z\") String slug");
    assertThat(c)
        .hadErrorContaining(
            "[osmos.constraint.value] @DecimalMin on field price: \"abc\" is not a decimal number;"
                + " write it like \"10\" or \"0.5\"")
        .inFile(user)
        .onLineContaining("@DecimalMin(\"abc\")");
  }

  @Test
  void emptyOneOf() {
    assertError(
        "[osmos.constraint.value] @OneOf on field plan: no value is allowed; list the allowed"
            + " values, e.g. @OneOf({\"a\", \"b\"})",
        "@OneOf({}) String plan",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(
                @Key String id,
                @OneOf({}) String plan) {}
            """));
  }

  @Test
  void repeatedConstraint() {
    assertError(
        "[osmos.constraint.unsupported] @Pattern.List on field code is not supported by Osmos (a"
            + " constraint repeated on one field; combine the conditions into one); supported"
            + " constraints: @NotNull, @Null, @NotBlank, @NotEmpty, @Size, @Min, @Max,"
            + " @DecimalMin, @DecimalMax, @Digits, @Positive, @PositiveOrZero, @Negative,"
            + " @NegativeOrZero, @Pattern, @Email, @Past, @PastOrPresent, @Future,"
            + " @FutureOrPresent, @AssertTrue, @AssertFalse, @OneOf and @Validate",
        "String code",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(
                @Key String id,
                @Pattern(regexp = "a.*") @Pattern(regexp = ".*z") String code) {}
            """));
  }

  @Test
  void oneOfOnNumber() {
    assertError(
        "[osmos.oneof.type] @OneOf cannot be applied to field level of type int; it lists allowed"
            + " String values, so the field must be a String (use an enum for other closed sets)",
        "@OneOf({\"1\", \"2\"}) int level",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(
                @Key String id,
                @OneOf({"1", "2"}) int level) {}
            """));
  }

  @Test
  void validatorOfWrongType() {
    assertError(
        "[osmos.validate.invalid] @Validate(PositiveValidator.class) on field name:"
            + " PositiveValidator checks Integer values, but field name is a String; use a"
            + " Validator<String>",
        "@Validate(PositiveValidator.class) String name",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(
                @Key String id,
                @Validate(PositiveValidator.class) String name) {}
            """),
        source(
            "PositiveValidator",
            """
            public class PositiveValidator implements Validator<Integer> {
              public String check(Integer value) {
                return value > 0 ? null : "must be positive";
              }
            }
            """));
  }

  @Test
  void validatorOfWrongTypeOnAPrimitive() {
    assertError(
        "[osmos.validate.invalid] @Validate(NameValidator.class) on field level: NameValidator"
            + " checks String values, but field level is a int; use a Validator<Integer>",
        "@Validate(NameValidator.class) int level",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(
                @Key String id,
                @Validate(NameValidator.class) int level) {}
            """),
        source(
            "NameValidator",
            """
            public class NameValidator implements Validator<String> {
              public String check(String value) {
                return null;
              }
            }
            """));
  }

  @Test
  void validatorOfAnOptionalChecksItsValue() {
    Compilation c =
        ModelCompiler.compile(
            source(
                "User",
                """
                @Model(bucket = "users", driver = "db")
                public record User(
                    @Key String id,
                    @Validate(NameValidator.class) Optional<String> name) {}
                """),
            source(
                "NameValidator",
                """
                public class NameValidator implements Validator<String> {
                  public String check(String value) {
                    return value.isBlank() ? "must not be blank" : null;
                  }
                }
                """));
    assertThat(c).succeededWithoutWarnings();
    assertThat(c)
        .generatedSourceFile("com/acme/User_")
        .contentsAsUtf8String()
        .contains("static void checkName(String value, Violations violations) {");
  }

  @Test
  void validatorWithoutNoArgConstructor() {
    assertError(
        "[osmos.validate.invalid] @Validate(NameValidator.class) on type User: NameValidator needs"
            + " a public no-argument constructor (generated code creates one instance with new"
            + " NameValidator()), and must be a public or package-level class",
        "@Validate(NameValidator.class)",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            @Validate(NameValidator.class)
            public record User(@Key String id) {}
            """),
        source(
            "NameValidator",
            """
            public class NameValidator implements Validator<User> {
              public NameValidator(String config) {}

              public String check(User value) {
                return null;
              }
            }
            """));
  }

  // ---- nested types, extra fields, converters, hooks ---------------------------------------

  @Test
  void nestedTypeNotEmbeddable() {
    assertError(
        "[osmos.embeddable.missing] field price has type Money, which is not @Embeddable;"
            + " annotate Money with @Embeddable to store it nested, or store it with"
            + " @Convert(MyConverter.class)",
        "Money price",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(
                @Key String id,
                Money price) {}
            """),
        source(
            "Money",
            """
            public record Money(long cents) {}
            """));
  }

  @Test
  void embeddableCompiledWithoutTheProcessor() throws Exception {
    // Compile Address on its own, without the processor, as a library would be.
    Compilation library =
        com.google.testing.compile.Compiler.javac()
            .withProcessors()
            .withOptions("-proc:none")
            .compile(
                source(
                    "Address",
                    """
                    @Embeddable
                    public record Address(String city) {}
                    """));
    assertThat(library).succeeded();
    java.nio.file.Path classes = java.nio.file.Files.createTempDirectory("osmos-library");
    for (JavaFileObject f : library.generatedFiles()) {
      if (f.getKind() == JavaFileObject.Kind.CLASS) {
        java.nio.file.Path out = classes.resolve("com/acme/Address.class");
        java.nio.file.Files.createDirectories(out.getParent());
        try (var in = f.openInputStream()) {
          java.nio.file.Files.copy(in, out);
        }
      }
    }
    String path = System.getProperty("java.class.path") + java.io.File.pathSeparator + classes;
    JavaFileObject user =
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(
                @Key String id,
                List<Address> addresses) {}
            """);
    Compilation c =
        com.google.testing.compile.Compiler.javac()
            .withProcessors(new OsmosProcessor())
            .withClasspath(
                java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                    .map(java.io.File::new)
                    .toList())
            .compile(user);
    assertThat(c)
        .hadErrorContaining(
            "[osmos.embeddable.unprocessed] field addresses has type Address, which is @Embeddable"
                + " but was compiled without the Osmos processor (Address_ is missing); compile"
                + " Address with the processor on the annotation processor path")
        .inFile(user)
        .onLineContaining("List<Address> addresses");
  }

  @Test
  void embeddableContainingItself() {
    assertError(
        "[osmos.embeddable.recursive] Node contains itself through Node.next with nothing to end"
            + " the nesting; make one field of the cycle an Optional, a List, a Set or a Map",
        "Node next",
        source(
            "Node",
            """
            @Embeddable
            public record Node(
                String name,
                Node next) {}
            """));
  }

  @Test
  void embeddablesContainingEachOther() {
    assertError(
        "[osmos.embeddable.recursive] Left contains itself through Left.right -> Right.left with"
            + " nothing to end the nesting; make one field of the cycle an Optional, a List, a Set"
            + " or a Map",
        "Right right",
        source(
            "Left",
            """
            @Embeddable
            public record Left(
                Right right) {}
            """),
        source(
            "Right",
            """
            @Embeddable
            public record Right(Left left) {}
            """));
  }

  @Test
  void extraOfWrongType() {
    assertError(
        "[osmos.extra.type] @Extra field rest has type Map<String, String>; declare it as"
            + " Map<String, Object>",
        "@Extra Map<String, String> rest",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(
                @Key String id,
                @Extra Map<String, String> rest) {}
            """));
  }

  @Test
  void twoExtraFields() {
    assertError(
        "[osmos.extra.duplicate] User has several @Extra fields (a and b); keep one",
        "@Extra Map<String, Object> b",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(
                @Key String id,
                @Extra Map<String, Object> a,
                @Extra Map<String, Object> b) {}
            """));
  }

  @Test
  void converterForAnotherType() {
    assertError(
        "[osmos.convert.invalid] @Convert(MoneyConverter.class) on field price: MoneyConverter"
            + " converts Money values, but the field is a Price; use a Converter<Price, S>",
        "@Convert(MoneyConverter.class) Price price",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(
                @Key String id,
                @Convert(MoneyConverter.class) Price price) {
              public record Price(long cents) {}

              public record Money(long cents) {}

              public static class MoneyConverter implements Converter<Money, Long> {
                public Long toStored(Money m) {
                  return m.cents();
                }

                public Money fromStored(Long s) {
                  return new Money(s);
                }
              }
            }
            """));
  }

  @Test
  void converterStoringUnsupportedType() {
    assertError(
        "[osmos.convert.invalid] @Convert(MoneyConverter.class) on field price: MoneyConverter"
            + " stores Object, which Osmos cannot store; make it store a supported type such as"
            + " String, long or BigDecimal",
        "@Convert(MoneyConverter.class) Money price",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(
                @Key String id,
                @Convert(MoneyConverter.class) Money price) {
              public record Money(long cents) {}

              public static class MoneyConverter implements Converter<Money, Object> {
                public Object toStored(Money m) {
                  return m;
                }

                public Money fromStored(Object s) {
                  return (Money) s;
                }
              }
            }
            """));
  }

  @Test
  void converterWithoutNoArgConstructor() {
    assertError(
        "[osmos.convert.invalid] @Convert(MoneyConverter.class) on field price: MoneyConverter"
            + " needs a public no-argument constructor (generated code creates it with new"
            + " MoneyConverter()), and must be a public or package-level class",
        "@Convert(MoneyConverter.class) Money price",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(
                @Key String id,
                @Convert(MoneyConverter.class) Money price) {
              public record Money(long cents) {}

              public static class MoneyConverter implements Converter<Money, Long> {
                public MoneyConverter(int scale) {}

                public Long toStored(Money m) {
                  return m.cents();
                }

                public Money fromStored(Long s) {
                  return new Money(s);
                }
              }
            }
            """));
  }

  @Test
  void hookWithParameters() {
    assertError(
        "[osmos.hook.invalid] @Hook method check() of User: it takes parameters; a hook takes none"
            + " (it runs on the model itself)",
        "@Hook(Hook.Event.WILL_SAVE)",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(@Key String id) {
              @Hook(Hook.Event.WILL_SAVE)
              void check(String reason) {}
            }
            """));
  }

  @Test
  void hookReplacingTheModelAfterGet() {
    assertError(
        "[osmos.hook.invalid] @Hook method loaded() of User: it returns a replacement User, which"
            + " only WILL_SAVE and WILL_VALIDATE hooks may do, but it also handles DID_GET; return"
            + " void or split the method",
        "@Hook({Hook.Event.WILL_SAVE, Hook.Event.DID_GET})",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(@Key String id) {
              @Hook({Hook.Event.WILL_SAVE, Hook.Event.DID_GET})
              User loaded() {
                return this;
              }
            }
            """));
  }

  @Test
  void hookOnAnEventWithoutAModel() {
    assertError(
        "[osmos.hook.invalid] @Hook method gone() of User: it handles DID_DELETE, which has no"
            + " model instance (deletes, finds, updates and the start of a get work by key or"
            + " query); handle it with a repository hook: repository.hooks().on("
            + "Hook.Event.DID_DELETE, ctx -> ...)",
        "@Hook({Hook.Event.DID_SAVE, Hook.Event.DID_DELETE})",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(@Key String id) {
              @Hook({Hook.Event.DID_SAVE, Hook.Event.DID_DELETE})
              void gone() {}
            }
            """));
  }

  @Test
  void hookInEmbeddable() {
    assertError(
        "[osmos.hook.invalid] @Hook method touch() of Address: hooks run on models only, and"
            + " Address is an @Embeddable; move the hook to the model that contains it",
        "@Hook(Hook.Event.DID_GET)",
        source(
            "Address",
            """
            @Embeddable
            public record Address(String city) {
              @Hook(Hook.Event.DID_GET)
              void touch() {}
            }
            """));
  }

  @Test
  void unresolvedFieldType() {
    assertError(
        "[osmos.type.unresolved] User was not generated because type Missing could not be"
            + " resolved; fix that type (or the processor that generates it) and compile again",
        "public record User(",
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(@Key String id, Missing thing) {}
            """));
  }

  // ---- the processor -------------------------------------------------------------------------

  @Test
  void faultOfTheProcessorIsReportedOnTheType() {
    JavaFileObject user =
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(@Key String id) {}
            """);
    JavaFileObject order =
        source(
            "Order",
            """
            @Model(bucket = "orders", driver = "db")
            public record Order(String id) {}
            """);
    OsmosProcessor failing =
        new OsmosProcessor(
            type -> {
              if (type.getSimpleName().contentEquals("User")) {
                throw new IllegalStateException("no User today");
              }
            });
    Compilation c = Compiler.javac().withProcessors(failing).compile(user, order);
    assertThat(c).failed();
    assertThat(c).hadErrorCount(2);
    assertThat(c)
        .hadErrorContaining(
            "[osmos.processor.failure] the Osmos processor failed on User, which was not"
                + " generated: java.lang.IllegalStateException: no User today; this is a fault in"
                + " the processor, not in your code; please report it with this stack trace:")
        .inFile(user)
        .onLineContaining("public record User(");
    // The stack trace follows, on lines javac indents.
    assertThat(c)
        .hadErrorContaining(
            "java.lang.IllegalStateException: no User today\n"
                + "  \tat io.osmos.processor.DiagnosticsTest.lambda$");
    // The types after it are processed as usual.
    assertThat(c)
        .hadErrorContaining("[osmos.key.missing] Order has no @Key field")
        .inFile(order)
        .onLineContaining("@Model");
  }

  @Test
  void generatedSourceThatCannotBeWritten() {
    JavaFileObject user =
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(@Key String id) {}
            """);
    Compilation c =
        Compiler.javac()
            .withProcessors(new TypeGenerator("com.acme.User_"), new OsmosProcessor())
            .compile(user);
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining(
            "[osmos.processor.output] the sources generated for User could not be written:"
                + " javax.annotation.processing.FilerException: Attempt to recreate a file for type"
                + " com.acme.User_; make sure no other processor or source file creates a type of"
                + " that name, and that the generated-sources directory is writable")
        .inFile(user)
        .onLineContaining("public record User(");
  }

  @Test
  void repositoryIndexThatCannotBeWritten() {
    JavaFileObject user =
        source(
            "User",
            """
            @Model(bucket = "users", driver = "db")
            public record User(@Key String id) {}
            """);
    Compilation c =
        Compiler.javac().withProcessors(new IndexWriter(), new OsmosProcessor()).compile(user);
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining(
            "[osmos.processor.output] the repository index"
                + " META-INF/services/io.osmos.RepositoryFactory could not be written:"
                + " javax.annotation.processing.FilerException: Attempt to reopen a file for path")
        .inFile(user)
        .onLineContaining("public record User(");
    assertThat(c)
        .hadErrorContaining(
            "make sure no other processor writes that file (its entries would be:"
                + " [com.acme.UserRepository$Factory]), and that the class output directory is"
                + " writable");
  }

  /** Writes the repository index in the first round, as a second processor might. */
  static final class IndexWriter extends AbstractProcessor {
    private boolean done;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (!done) {
        done = true;
        try (Writer w =
            processingEnv
                .getFiler()
                .createResource(
                    javax.tools.StandardLocation.CLASS_OUTPUT,
                    "",
                    "META-INF/services/io.osmos.RepositoryFactory")
                .openWriter()) {
          w.write("com.acme.Other$Factory\n");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return false;
    }
  }

  /** Generates an empty class of the given name in the first round, as another processor might. */
  static final class TypeGenerator extends AbstractProcessor {
    private final String name;
    private boolean done;

    TypeGenerator(String name) {
      this.name = name;
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (!done) {
        done = true;
        int dot = name.lastIndexOf('.');
        try (Writer w = processingEnv.getFiler().createSourceFile(name).openWriter()) {
          w.write(
              "package "
                  + name.substring(0, dot)
                  + ";\n\npublic class "
                  + name.substring(dot + 1)
                  + " {}\n");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return false;
    }
  }

  // ---- all at once ---------------------------------------------------------------------------

  @Test
  void everyFaultyModelIsReported() {
    JavaFileObject first =
        source(
            "First",
            """
            @Model(bucket = "first", driver = "db")
            public record First(String id) {}
            """);
    JavaFileObject second =
        source(
            "Second",
            """
            @Model(bucket = "no spaces", driver = "db")
            public record Second(
                @Key String id,
                @Min(1) String name) {}
            """);
    JavaFileObject third =
        source(
            "Third",
            """
            @Model(bucket = "third", driver = "db")
            public record Third(
                @Key List<String> id,
                @Version String version) {}
            """);
    Compilation c = ModelCompiler.compile(first, second, third);
    assertThat(c).failed();
    assertThat(c).hadErrorCount(5);
    assertThat(c)
        .hadErrorContaining("[osmos.key.missing] First")
        .inFile(first)
        .onLineContaining("@Model");
    assertThat(c)
        .hadErrorContaining("[osmos.model.bucket] bucket \"no spaces\" of Second")
        .inFile(second)
        .onLineContaining("@Model");
    assertThat(c)
        .hadErrorContaining("[osmos.constraint.type] @Min cannot be applied to field" + " name")
        .inFile(second)
        .onLineContaining("@Min(1) String name");
    assertThat(c)
        .hadErrorContaining("[osmos.key.type] @Key field id has type List<String>")
        .inFile(third)
        .onLineContaining("@Key List<String> id");
    assertThat(c)
        .hadErrorContaining("[osmos.version.type] @Version field version has type" + " String")
        .inFile(third)
        .onLineContaining("@Version String version");
  }
}
