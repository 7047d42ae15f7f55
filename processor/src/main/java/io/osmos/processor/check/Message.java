package io.osmos.processor.check;

import java.util.Locale;
import javax.tools.Diagnostic;

/**
 * Every diagnostic the processor reports. An entry has a stable id that tests, documentation and
 * users' searches rely on (several entries may share one, when they are variants of one mistake), a
 * kind, a text that says what is wrong and where, and a hint that says what would be right. Both
 * are templates, filled with the names at fault; they print as {@code [id] text; hint}.
 */
public enum Message {
  // ---- the type -------------------------------------------------------------------------------
  MODEL_KIND(
      "osmos.model.kind",
      "@%1$s cannot be used on %2$s: it is %3$s",
      "declare a record or a concrete class"),
  MODEL_KIND_ABSTRACT(
      "osmos.model.kind",
      "@%1$s cannot be used on %2$s: it is abstract",
      "declare a concrete class (generated code creates instances of it)"),
  MODEL_KIND_INNER(
      "osmos.model.kind",
      "@%1$s cannot be used on %2$s: it is a non-static nested class",
      "declare it static, or as a top-level class"),
  MODEL_KIND_LOCAL(
      "osmos.model.kind",
      "@%1$s cannot be used on %2$s: it is a local class",
      "declare it as a top-level or static nested type"),
  MODEL_KIND_PRIVATE(
      "osmos.model.kind",
      "@%1$s cannot be used on %2$s: it is private (or nested in a private type)",
      "give it at least package access, so generated code can use it"),
  MODEL_KIND_GENERIC(
      "osmos.model.kind",
      "@%1$s cannot be used on %2$s: it is generic",
      "declare a non-generic type; fields may still use List, Set, Map and Optional"),
  MODEL_KIND_BOTH(
      "osmos.model.kind",
      "@%1$s cannot be used on %2$s: it is also @Embeddable",
      "a type is stored either on its own (@Model) or inside models (@Embeddable); remove one of"
          + " the two"),
  MODEL_BUCKET(
      "osmos.model.bucket",
      "bucket \"%1$s\" of %2$s is not a valid bucket name",
      "use 1 to 63 letters, digits, '_' or '-', e.g. @Model(bucket = \"users\")"),
  MODEL_DRIVER(
      "osmos.model.driver",
      "%1$s has an empty driver name",
      "name the driver registration the model uses, e.g. @Model(bucket = \"...\", driver ="
          + " \"db\")"),
  MODEL_CONSTRUCTOR(
      "osmos.model.constructor",
      "%1$s has no accessible constructor without parameters, so stored values cannot be read"
          + " back",
      "add a public or package-private no-argument constructor, or make %1$s a record"),
  MODEL_GETTER(
      "osmos.model.accessor",
      "field %2$s of %1$s has no accessible getter",
      "add public %3$s %4$s(), make the field non-private, or mark it @Transient"),
  MODEL_SETTER(
      "osmos.model.accessor",
      "field %2$s of %1$s has no accessible setter",
      "add public void %3$s(%4$s %2$s), make the field non-private, or mark it @Transient"),
  MODEL_NAME_CLASH(
      "osmos.model.nameClash",
      "cannot generate %2$s for %1$s: package %3$s already declares a type named %2$s",
      "rename that type or the %4$s"),

  // ---- fields ---------------------------------------------------------------------------------
  FIELD_TYPE(
      "osmos.field.type",
      "field %1$s has type %2$s, which Osmos cannot store",
      Hints.SUPPORTED_TYPES),
  FIELD_TYPE_BECAUSE(
      "osmos.field.type",
      "field %1$s has type %2$s, which Osmos cannot store (%3$s)",
      Hints.SUPPORTED_TYPES),
  FIELD_TYPE_INSIDE(
      "osmos.field.type",
      "field %1$s has type %2$s, which Osmos cannot store (%3$s is not supported)",
      Hints.SUPPORTED_TYPES),
  FIELD_TYPE_INSIDE_BECAUSE(
      "osmos.field.type",
      "field %1$s has type %2$s, which Osmos cannot store (%3$s: %4$s)",
      Hints.SUPPORTED_TYPES),
  FIELD_NAME(
      "osmos.field.name",
      "field %1$s would be stored as \"%2$s\", which is not a valid stored name",
      Hints.STORED_NAME),
  FIELD_NAME_DERIVED(
      "osmos.field.name",
      "field %1$s would be stored as \"%2$s\", which is not a valid stored name",
      Hints.STORED_NAME + "; give it a stored name with @Field(name = \"...\")"),
  FIELD_DUPLICATE_NAME(
      "osmos.field.duplicateName",
      "fields %1$s and %2$s of %3$s are both stored as \"%4$s\"",
      "give one of them another @Field(name = \"...\")"),
  FIELD_REPEATED(
      "osmos.field.repeated",
      "%1$s is declared twice on field %2$s (on the field and on its accessor)",
      "keep one"),
  FIELD_TRANSIENT(
      "osmos.field.transient",
      "field %1$s is @Transient, so %2$s has no effect",
      "remove @Transient or %2$s"),
  FIELD_ALIAS_NAME(
      "osmos.field.name",
      "alias \"%2$s\" of field %1$s is not a valid stored name",
      Hints.STORED_NAME),
  FIELD_ALIAS_CLASH(
      "osmos.field.aliasClash",
      "alias \"%1$s\" of field %2$s is also the %3$s of field %4$s",
      "a stored name reads one field only: remove the alias, or store the other field under"
          + " another name"),
  FIELD_ALIAS_SELF(
      "osmos.field.aliasClash",
      "alias \"%1$s\" of field %2$s is the name it is stored under",
      "remove the alias: a field is always read under its own stored name"),

  // ---- defaults -------------------------------------------------------------------------------
  DEFAULT_VALUE(
      "osmos.default.value",
      "@Default(\"%2$s\") on field %1$s is not %3$s",
      "write %3$s, e.g. @Default(\"%4$s\")"),
  DEFAULT_NOT_EMPTY(
      "osmos.default.value",
      "@Default(\"%2$s\") on field %1$s has a value, but the default of a %3$s is empty",
      "write @Default without a value"),
  DEFAULT_TYPE(
      "osmos.default.type",
      "@Default cannot be used on field %1$s of type %2$s",
      "defaults are written for primitives and their wrappers, String, BigDecimal, BigInteger,"
          + " UUID, Instant, LocalDate, LocalDateTime, Duration and enums, and mean empty on"
          + " List, Set and Map; remove @Default"),
  DEFAULT_OPTIONAL(
      "osmos.default.type",
      "@Default cannot be used on field %1$s: it is an Optional, which reads as empty when the"
          + " stored document lacks it",
      "remove @Default, or declare the field as %2$s to read a missing value as the default"),
  DEFAULT_ROLE(
      "osmos.default.role",
      "@Default cannot be used on field %1$s: it is %2$s, whose value comes from the store",
      "remove @Default"),

  // ---- keys, indexes, versions, timestamps ----------------------------------------------------
  KEY_MISSING(
      "osmos.key.missing",
      "%1$s has no @Key field",
      "mark the field that identifies a %1$s with @Key"),
  KEY_REPEATED(
      "osmos.key.duplicate",
      "field %1$s has @Key on both the field and its accessor",
      "keep one of them"),
  KEY_WITH_ROLE(
      "osmos.key.duplicate",
      "field %1$s is both @Key and %2$s",
      "a key is a stored field of its own; remove %2$s or use another field for it"),
  KEY_INDEXED(
      "osmos.key.duplicate",
      "field %1$s is both @Key and @Index",
      "a model is found by its key without an index; remove @Index"),
  KEY_TYPE(
      "osmos.key.type",
      "@Key field %1$s has type %2$s, which cannot be a key",
      "key types are String, UUID, Instant, LocalDate, LocalDateTime, enums, boolean, byte, short,"
          + " int, long and their wrappers (a single String, UUID or long key can be generated on"
          + " insert)"),
  KEY_OPTIONAL(
      "osmos.key.optional",
      "@Key field %1$s is an Optional",
      "a key is a plain value (null only on insert, when it is generated): declare it as %2$s"),
  INDEX_TYPE(
      "osmos.index.type",
      "@Index on field %1$s of type %2$s is not supported",
      Hints.INDEXABLE_TYPES),
  INDEX_CONVERTED(
      "osmos.index.type",
      "@Index on field %1$s of type %2$s is not supported (a converted field cannot be indexed)",
      Hints.INDEXABLE_TYPES),
  INDEX_EMBEDDABLE(
      "osmos.index.embeddable",
      "%1$s on field %2$s of @Embeddable %3$s has no meaning: keys, indexes, versions and"
          + " timestamps belong to top-level model fields",
      "move it to the model or remove it"),
  VERSION_TYPE(
      "osmos.version.type",
      "@Version field %1$s has type %2$s",
      "a version is an int, long, Integer or Long"),
  VERSION_DUPLICATE(
      "osmos.version.duplicate", "%1$s has several @Version fields (%2$s and %3$s)", "keep one"),
  TIMESTAMP_TYPE(
      "osmos.timestamp.type",
      "@Timestamp field %1$s has type %2$s",
      "a timestamp is a java.time.Instant"),
  TIMESTAMP_DUPLICATE(
      "osmos.timestamp.duplicate",
      "%1$s has several @Timestamp fields (%2$s and %3$s)",
      "keep one"),
  TIMESTAMP_MISSING(
      "osmos.timestamp.missing",
      "stream model %1$s has no @Timestamp field",
      "add an Instant field marked @Timestamp (lookups keep the newest record per key by it)"),

  // ---- constraints ----------------------------------------------------------------------------
  CONSTRAINT_TYPE(
      "osmos.constraint.type",
      "@%1$s cannot be applied to %2$s of type %3$s",
      "it applies to %4$s"),
  CONSTRAINT_SIZE_MIN(
      "osmos.constraint.value", "@%1$s on %2$s: min is %3$s", "a size cannot be negative"),
  CONSTRAINT_SIZE_MAX(
      "osmos.constraint.value", "@%1$s on %2$s: max is %3$s", "a size cannot be negative"),
  CONSTRAINT_SIZE_RANGE(
      "osmos.constraint.value",
      "@%1$s on %2$s: min (%3$s) is greater than max (%4$s)",
      "no value could be valid"),
  CONSTRAINT_DIGITS(
      "osmos.constraint.value",
      "@%1$s on %2$s: integer and fraction must not be negative",
      "they count the digits allowed before and after the decimal point, e.g. @Digits(integer ="
          + " 6, fraction = 2)"),
  CONSTRAINT_DECIMAL(
      "osmos.constraint.value",
      "@%1$s on %2$s: \"%3$s\" is not a decimal number",
      "write it like \"10\" or \"0.5\""),
  CONSTRAINT_REGEXP(
      "osmos.constraint.value",
      "@%1$s on %2$s: the regular expression does not compile: %3$s near index %4$s of \"%5$s\"",
      "fix the expression: it is a java.util.regex.Pattern, with backslashes doubled in Java"
          + " strings"),
  CONSTRAINT_ONE_OF_EMPTY(
      "osmos.constraint.value",
      "@%1$s on %2$s: no value is allowed",
      "list the allowed values, e.g. @OneOf({\"a\", \"b\"})"),
  CONSTRAINT_ONE_OF_TWICE(
      "osmos.constraint.value",
      "@%1$s on %2$s: \"%3$s\" is listed twice",
      "list each allowed value once"),
  CONSTRAINT_UNSUPPORTED(
      "osmos.constraint.unsupported",
      "@%1$s on %2$s is not supported by Osmos",
      Hints.SUPPORTED_CONSTRAINTS),
  CONSTRAINT_REPEATED(
      "osmos.constraint.unsupported",
      "@%1$s on %2$s is not supported by Osmos (a constraint repeated on one field; combine the"
          + " conditions into one)",
      Hints.SUPPORTED_CONSTRAINTS),
  ONE_OF_TYPE(
      "osmos.oneof.type",
      "@OneOf cannot be applied to %1$s of type %2$s",
      "it lists allowed String values, so the field must be a String (use an enum for other"
          + " closed sets)"),
  VALIDATE_NOT_A_CLASS(
      "osmos.validate.invalid",
      "@Validate(%1$s.class) on %2$s: the validator is not a class",
      "name a class that implements Validator<T>"),
  VALIDATE_ABSTRACT(
      "osmos.validate.invalid",
      "@Validate(%1$s.class) on %2$s: %1$s is abstract or an interface",
      "name a concrete class (generated code creates one instance with new %1$s())"),
  VALIDATE_CONSTRUCTOR(
      "osmos.validate.invalid",
      "@Validate(%1$s.class) on %2$s: %1$s needs a public no-argument constructor (generated code"
          + " creates one instance with new %1$s()), and must be a public or package-level class",
      "e.g. public %1$s() {} in a public top-level or static nested class"),
  VALIDATE_UNKNOWN_TYPE(
      "osmos.validate.invalid",
      "@Validate(%1$s.class) on %2$s: cannot tell which type %1$s checks",
      "implement Validator<T> with a concrete T"),
  VALIDATE_TYPE(
      "osmos.validate.invalid",
      "@Validate(%1$s.class) on %2$s: %1$s checks %3$s values, but %2$s is a %4$s",
      "use a Validator<%5$s>"),

  // ---- nested types, extra fields, converters, hooks ------------------------------------------
  EMBEDDABLE_MISSING(
      "osmos.embeddable.missing",
      "field %1$s has type %2$s, which is not @Embeddable",
      "annotate %3$s with @Embeddable to store it nested, or store it with"
          + " @Convert(MyConverter.class)"),
  EMBEDDABLE_UNPROCESSED(
      "osmos.embeddable.unprocessed",
      "field %1$s has type %2$s, which is @Embeddable but was compiled without the Osmos"
          + " processor (%3$s is missing)",
      "compile %2$s with the processor on the annotation processor path"),
  EMBEDDABLE_RECURSIVE(
      "osmos.embeddable.recursive",
      "%1$s contains itself through %2$s with nothing to end the nesting",
      "make one field of the cycle an Optional, a List, a Set or a Map"),
  EXTRA_TYPE(
      "osmos.extra.type", "@Extra field %1$s has type %2$s", "declare it as Map<String, Object>"),
  EXTRA_DUPLICATE(
      "osmos.extra.duplicate", "%1$s has several @Extra fields (%2$s and %3$s)", "keep one"),
  CONVERT_ABSTRACT(
      "osmos.convert.invalid",
      "@Convert(%1$s.class) on field %2$s: %1$s is abstract or an interface",
      "name a concrete Converter class"),
  CONVERT_CONSTRUCTOR(
      "osmos.convert.invalid",
      "@Convert(%1$s.class) on field %2$s: %1$s needs a public no-argument constructor"
          + " (generated code creates it with new %1$s()), and must be a public or package-level"
          + " class",
      "e.g. public %1$s() {} in a public top-level or static nested class"),
  CONVERT_UNKNOWN_TYPES(
      "osmos.convert.invalid",
      "@Convert(%1$s.class) on field %2$s: cannot tell what %1$s converts",
      "implement Converter<A, S> with concrete types A (the field's type) and S (the stored"
          + " type)"),
  CONVERT_FIELD_TYPE(
      "osmos.convert.invalid",
      "@Convert(%1$s.class) on field %2$s: %1$s converts %3$s values, but the field is a %4$s",
      "use a Converter<%5$s, S>"),
  CONVERT_STORED_TYPE(
      "osmos.convert.invalid",
      "@Convert(%1$s.class) on field %2$s: %1$s stores %3$s, which Osmos cannot store",
      "make it store a supported type such as String, long or BigDecimal"),
  HOOK_IN_EMBEDDABLE(
      "osmos.hook.invalid",
      "@Hook method %1$s() of %2$s: hooks run on models only, and %2$s is an @Embeddable",
      "move the hook to the model that contains it"),
  HOOK_NO_EVENT(
      "osmos.hook.invalid",
      "@Hook method %1$s() of %2$s: it names no event",
      "list the events it handles, e.g. @Hook(Hook.Event.WILL_SAVE)"),
  HOOK_EVENT(
      "osmos.hook.invalid",
      "@Hook method %1$s() of %2$s: it handles %3$s, which has no model instance (deletes, finds,"
          + " updates and the start of a get work by key or query)",
      "handle it with a repository hook: repository.hooks().on(Hook.Event.%3$s, ctx -> ...)"),
  HOOK_STATIC(
      "osmos.hook.invalid",
      "@Hook method %1$s() of %2$s: it is static",
      "a hook is an instance method of the model"),
  HOOK_PRIVATE(
      "osmos.hook.invalid",
      "@Hook method %1$s() of %2$s: it is private",
      "generated code must call it, so give it at least package access"),
  HOOK_PARAMETERS(
      "osmos.hook.invalid",
      "@Hook method %1$s() of %2$s: it takes parameters",
      "a hook takes none (it runs on the model itself)"),
  HOOK_GENERIC(
      "osmos.hook.invalid",
      "@Hook method %1$s() of %2$s: it is generic",
      "a hook is a plain method"),
  HOOK_THROWS(
      "osmos.hook.invalid",
      "@Hook method %1$s() of %2$s: it declares checked exceptions",
      "veto by throwing an unchecked exception"),
  HOOK_RETURN_TYPE(
      "osmos.hook.invalid",
      "@Hook method %1$s() of %2$s: it returns %3$s",
      "a hook returns void, or %2$s to replace the model (WILL_SAVE and WILL_VALIDATE only)"),
  HOOK_REPLACEMENT(
      "osmos.hook.invalid",
      "@Hook method %1$s() of %2$s: it returns a replacement %2$s, which only WILL_SAVE and"
          + " WILL_VALIDATE hooks may do, but it also handles %3$s",
      "return void or split the method"),

  // ---- Jakarta Data repositories --------------------------------------------------------------
  REPOSITORY_ENTITY_UNKNOWN(
      "osmos.repository.entity",
      "cannot tell which entity %1$s() works on",
      "extend CrudRepository<Entity, Key> (or BasicRepository, DataRepository), or let the method"
          + " take or return the entity"),
  REPOSITORY_ENTITY_NOT_MODEL(
      "osmos.repository.entity",
      "%2$s, the entity of %1$s(), is not an Osmos model",
      "annotate %2$s with @Model(bucket = \"...\") so the processor knows how it is stored"),
  REPOSITORY_ENTITY_STREAM(
      "osmos.repository.entity",
      "%2$s, the entity of %1$s(), is a stream model",
      "a Jakarta Data repository stores documents: use a model of kind DOCUMENT, or the"
          + " generated %2$sRepository for the stream"),
  REPOSITORY_KEY_TYPE(
      "osmos.repository.entity",
      "%1$s declares the key type %2$s for %3$s, whose @Key is a %4$s",
      "declare the repository with the key type %4$s"),
  REPOSITORY_METHOD(
      "osmos.repository.method",
      "cannot interpret %1$s(): it has no @Find, @Query, @Insert, @Update, @Save or @Delete, and"
          + " its name is not a query",
      "annotate it, name it findBy..., countBy..., existsBy... or deleteBy..., or give it a"
          + " default body"),
  REPOSITORY_LIFECYCLE(
      "osmos.repository.method",
      "@%2$s method %1$s() takes %3$s",
      "a lifecycle method takes one %4$s, a List<%4$s> or a %4$s[]"),
  REPOSITORY_SPECIAL_PARAMETER(
      "osmos.repository.method",
      "%1$s() takes %2$s, which only methods that find entities take",
      "remove the parameter, or make the method a find method"),
  REPOSITORY_DECLINED(
      "osmos.repository.declined",
      Kind.WARNING,
      "%1$s() is generated to throw UnsupportedOperationException (-Aosmos.unsupported=decline)"
          + " because %2$s",
      "compile without -Aosmos.unsupported=decline to see this as an error; the option is meant"
          + " for running conformance tests, not for applications"),
  QUERY_METHOD_NAME(
      "osmos.query.methodName",
      "the name %1$s() is not a query at %2$s: %3$s",
      "write find|count|exists|delete, then By and conditions such as TitleAndPriceLessThan,"
          + " then OrderBy and attributes with Asc or Desc"),
  QUERY_SYNTAX(
      "osmos.query.syntax",
      "the @Query of %1$s() is not JDQL: at %2$s, expected %3$s but found %4$s",
      "%5$s"),
  QUERY_UNSUPPORTED(
      "osmos.query.unsupported",
      "the @Query of %1$s() uses %2$s, which Osmos does not evaluate",
      "%3$s"),
  QUERY_ENTITY(
      "osmos.query.attribute",
      "%1$s() queries FROM %2$s, but its entity is %3$s",
      "write FROM %3$s, or leave FROM out"),
  QUERY_ATTRIBUTE(
      "osmos.query.attribute",
      "%1$s() refers to %2$s, which %3$s does not have",
      "attributes of %3$s: %4$s"),
  QUERY_ATTRIBUTE_CLOSE(
      "osmos.query.attribute",
      "%1$s() refers to %2$s, which %3$s does not have",
      "did you mean %4$s?"),
  QUERY_ATTRIBUTE_NESTED(
      "osmos.query.attribute",
      "%1$s() refers to %2$s, inside the embedded %3$s",
      "queries test top-level attributes; add the value as a top-level field of %4$s to query"
          + " it"),
  QUERY_PARAMETER_COUNT(
      "osmos.query.parameterCount",
      "%1$s() takes %2$d query parameter(s) but its query needs %3$d",
      "%4$s"),
  QUERY_PARAMETER_UNKNOWN(
      "osmos.query.parameterCount",
      "%1$s() has no parameter named %2$s for the query",
      "name a parameter %2$s, or give one @Param(\"%2$s\")"),
  QUERY_PARAMETER_TYPE(
      "osmos.query.parameterType",
      "parameter %2$s of %1$s() is a %3$s, but %4$s needs %5$s",
      "declare the parameter as %5$s"),
  QUERY_TEXT_ATTRIBUTE(
      "osmos.query.parameterType",
      "%1$s() applies %2$s to %3$s.%4$s, which is a %5$s",
      "%2$s applies to String attributes"),
  QUERY_LITERAL_TYPE(
      "osmos.query.parameterType",
      "%1$s() compares %2$s (a %3$s) with %4$s",
      "compare it with a value of type %3$s"),
  QUERY_RETURN_TYPE(
      "osmos.query.returnType", "%1$s() returns %2$s, which does not fit %3$s", "return %4$s"),
  QUERY_UNINDEXED(
      "osmos.query.unindexed",
      Kind.WARNING,
      "%1$s() %2$s %3$s.%4$s, which neither the key nor an @Index serves: drivers that evaluate"
          + " queries with their indexes only (Redis, Riak) decline the method with"
          + " UnsupportedOperationException",
      "add @Index to %3$s.%4$s, or compile with -Aosmos.unindexed=error to make this an error"),
  QUERY_UNINDEXED_ERROR(
      "osmos.query.unindexed",
      "%1$s() %2$s %3$s.%4$s, which neither the key nor an @Index serves (-Aosmos.unindexed=error)",
      "add @Index to %3$s.%4$s"),

  // ---- the processor --------------------------------------------------------------------------
  TYPE_UNRESOLVED(
      "osmos.type.unresolved",
      "%1$s was not generated because type %2$s could not be resolved",
      "fix that type (or the processor that generates it) and compile again"),
  SOURCE_NOT_WRITTEN(
      "osmos.processor.output",
      "the sources generated for %1$s could not be written: %2$s",
      "make sure no other processor or source file creates a type of that name, and that the"
          + " generated-sources directory is writable"),
  INDEX_NOT_WRITTEN(
      "osmos.processor.output",
      "the repository index %1$s could not be written: %2$s",
      "make sure no other processor writes that file (its entries would be: %3$s), and that the"
          + " class output directory is writable"),
  PROCESSOR_FAILURE(
      "osmos.processor.failure",
      "the Osmos processor failed on %1$s, which was not generated: %2$s",
      "this is a fault in the processor, not in your code; please report it with this stack"
          + " trace:\n%3$s"),
  PROCESSOR_ROUND_FAILURE(
      "osmos.processor.failure",
      "the Osmos processor failed: %1$s",
      "this is a fault in the processor, not in your code; please report it with this stack"
          + " trace:\n%2$s");

  /** Whether a diagnostic fails the build. */
  public enum Kind {
    ERROR(Diagnostic.Kind.ERROR),
    WARNING(Diagnostic.Kind.WARNING);

    private final Diagnostic.Kind diagnostic;

    Kind(Diagnostic.Kind diagnostic) {
      this.diagnostic = diagnostic;
    }

    /** How javac prints it. */
    public Diagnostic.Kind diagnostic() {
      return diagnostic;
    }
  }

  private final String id;
  private final Kind kind;
  private final String text;
  private final String hint;

  Message(String id, String text, String hint) {
    this(id, Kind.ERROR, text, hint);
  }

  Message(String id, Kind kind, String text, String hint) {
    this.id = id;
    this.kind = kind;
    this.text = text;
    this.hint = hint;
  }

  /** The stable id, e.g. {@code osmos.key.missing}. */
  public String id() {
    return id;
  }

  public Kind kind() {
    return kind;
  }

  /** What is wrong and where, as a template. */
  public String text() {
    return text;
  }

  /** What would be right, as a template over the same arguments. */
  public String hint() {
    return hint;
  }

  /** The full text: {@code [id] text; hint}. */
  public String format(Object... args) {
    return "[" + id + "] " + String.format(Locale.ROOT, text + "; " + hint, args);
  }

  // Hints several entries share.
  private static final class Hints {
    static final String SUPPORTED_TYPES =
        "supported types: primitives and their wrappers, String, BigDecimal, BigInteger, UUID,"
            + " Instant, LocalDate, LocalDateTime, Duration, byte[], enums, @Embeddable types,"
            + " List<T>, Set<T> and Map<String, T> of those, and Optional<T> of those; store any"
            + " other type with @Convert(MyConverter.class) or mark the field @Transient";
    static final String STORED_NAME =
        "use 1 to 63 letters, digits or '_', not starting with a digit";
    static final String INDEXABLE_TYPES =
        "indexable types are String, boolean, char, byte, short, int, long, float, double and"
            + " their wrappers, enums, UUID, Instant, LocalDate, LocalDateTime, and Optional of"
            + " those";
    static final String SUPPORTED_CONSTRAINTS =
        "supported constraints: @NotNull, @Null, @NotBlank, @NotEmpty, @Size, @Min, @Max,"
            + " @DecimalMin, @DecimalMax, @Digits, @Positive, @PositiveOrZero, @Negative,"
            + " @NegativeOrZero, @Pattern, @Email, @Past, @PastOrPresent, @Future,"
            + " @FutureOrPresent, @AssertTrue, @AssertFalse, @OneOf and @Validate";
  }
}
