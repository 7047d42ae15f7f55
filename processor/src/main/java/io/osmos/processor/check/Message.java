package io.osmos.processor.check;

import java.util.Locale;

/**
 * Every diagnostic the processor reports, with a stable id that tests, documentation and users'
 * searches can rely on. Each message says what is wrong, where, and what would be right.
 */
public enum Message {
  MODEL_KIND("osmos.model.kind", "@%1$s cannot be used on %2$s: it is %3$s; %4$s"),
  MODEL_BUCKET(
      "osmos.model.bucket",
      "bucket \"%1$s\" of %2$s is not a valid bucket name; use 1 to 63 letters, digits, '_' or"
          + " '-', e.g. @Model(bucket = \"users\")"),
  MODEL_DRIVER(
      "osmos.model.driver",
      "%1$s has an empty driver name; name the driver registration the model uses, e.g."
          + " @Model(bucket = \"...\", driver = \"db\")"),
  MODEL_CONSTRUCTOR(
      "osmos.model.constructor",
      "%1$s has no accessible constructor without parameters, so stored values cannot be read"
          + " back; add a public or package-private no-argument constructor, or make %1$s a"
          + " record"),
  MODEL_ACCESSOR(
      "osmos.model.accessor",
      "field %2$s of %1$s has no accessible %3$s; add %4$s, make the field non-private, or mark it"
          + " @Transient"),
  MODEL_NAME_CLASH(
      "osmos.model.nameClash",
      "cannot generate %2$s for %1$s: package %3$s already declares a type named %2$s; rename"
          + " that type or the %4$s"),
  FIELD_TYPE(
      "osmos.field.type",
      "field %1$s has type %2$s, which Osmos cannot store%3$s; supported types: primitives and"
          + " their wrappers, String, BigDecimal, BigInteger, UUID, Instant, LocalDate,"
          + " LocalDateTime, Duration, byte[], enums, @Embeddable types, List<T>, Set<T> and"
          + " Map<String, T> of those, and Optional<T> of those; store any other type with"
          + " @Convert(MyConverter.class) or mark the field @Transient"),
  FIELD_NAME(
      "osmos.field.name",
      "field %1$s would be stored as \"%2$s\", which is not a valid stored name; use 1 to 63"
          + " letters, digits or '_', not starting with a digit%3$s"),
  FIELD_DUPLICATE_NAME(
      "osmos.field.duplicateName",
      "fields %1$s and %2$s of %3$s are both stored as \"%4$s\"; give one of them another"
          + " @Field(name = \"...\")"),
  FIELD_REPEATED(
      "osmos.field.repeated",
      "%1$s is declared twice on field %2$s (on the field and on its accessor); keep one"),
  FIELD_TRANSIENT(
      "osmos.field.transient",
      "field %1$s is @Transient, so %2$s has no effect; remove @Transient or %2$s"),
  KEY_MISSING(
      "osmos.key.missing",
      "%1$s has no @Key field; mark the field that identifies a %1$s with @Key"),
  KEY_DUPLICATE("osmos.key.duplicate", "field %1$s %2$s; %3$s"),
  KEY_TYPE(
      "osmos.key.type",
      "@Key field %1$s has type %2$s, which cannot be a key; key types are String, UUID,"
          + " Instant, LocalDate, LocalDateTime, enums, boolean, byte, short, int, long and their"
          + " wrappers (a single String, UUID or long key can be generated on insert)"),
  KEY_OPTIONAL(
      "osmos.key.optional",
      "@Key field %1$s is an Optional; a key is a plain value (null only on insert, when it is"
          + " generated): declare it as %2$s"),
  INDEX_TYPE(
      "osmos.index.type",
      "@Index on field %1$s of type %2$s is not supported%3$s; indexable types are String,"
          + " boolean, char, byte, short, int, long, float, double and their wrappers, enums,"
          + " UUID, Instant, LocalDate, LocalDateTime, and Optional of those"),
  INDEX_EMBEDDABLE(
      "osmos.index.embeddable",
      "%1$s on field %2$s of @Embeddable %3$s has no meaning: keys, indexes, versions and"
          + " timestamps belong to top-level model fields; move it to the model or remove it"),
  VERSION_TYPE(
      "osmos.version.type",
      "@Version field %1$s has type %2$s; a version is an int, long, Integer or Long"),
  VERSION_DUPLICATE(
      "osmos.version.duplicate", "%1$s has several @Version fields (%2$s and %3$s); keep one"),
  TIMESTAMP_TYPE(
      "osmos.timestamp.type",
      "@Timestamp field %1$s has type %2$s; a timestamp is a java.time.Instant"),
  TIMESTAMP_DUPLICATE(
      "osmos.timestamp.duplicate", "%1$s has several @Timestamp fields (%2$s and %3$s); keep one"),
  TIMESTAMP_MISSING(
      "osmos.timestamp.missing",
      "stream model %1$s has no @Timestamp field; add an Instant field marked @Timestamp"
          + " (lookups keep the newest record per key by it)"),
  CONSTRAINT_TYPE(
      "osmos.constraint.type", "@%1$s cannot be applied to %2$s of type %3$s; it applies to %4$s"),
  CONSTRAINT_VALUE("osmos.constraint.value", "@%1$s on %2$s: %3$s"),
  CONSTRAINT_UNSUPPORTED(
      "osmos.constraint.unsupported",
      "@%1$s on %2$s is not supported by Osmos%3$s; supported constraints: @NotNull, @Null,"
          + " @NotBlank, @NotEmpty, @Size, @Min, @Max, @DecimalMin, @DecimalMax, @Digits,"
          + " @Positive, @PositiveOrZero, @Negative, @NegativeOrZero, @Pattern, @Email, @Past,"
          + " @PastOrPresent, @Future, @FutureOrPresent, @AssertTrue, @AssertFalse, @OneOf and"
          + " @Validate"),
  EMBEDDABLE_MISSING(
      "osmos.embeddable.missing",
      "field %1$s has type %2$s, which is not @Embeddable; annotate %3$s with @Embeddable to"
          + " store it nested, or store it with @Convert(MyConverter.class)"),
  EMBEDDABLE_UNPROCESSED(
      "osmos.embeddable.unprocessed",
      "field %1$s has type %2$s, which is @Embeddable but was compiled without the Osmos"
          + " processor (%3$s is missing); compile %2$s with the processor on the annotation"
          + " processor path"),
  EMBEDDABLE_RECURSIVE(
      "osmos.embeddable.recursive",
      "%1$s contains itself through %2$s with nothing to end the nesting; make one field of the"
          + " cycle an Optional, a List, a Set or a Map"),
  EXTRA_TYPE(
      "osmos.extra.type", "@Extra field %1$s has type %2$s; declare it as Map<String, Object>"),
  EXTRA_DUPLICATE(
      "osmos.extra.duplicate", "%1$s has several @Extra fields (%2$s and %3$s); keep one"),
  CONVERT_INVALID("osmos.convert.invalid", "@Convert(%1$s.class) on field %2$s: %3$s"),
  VALIDATE_INVALID("osmos.validate.invalid", "@Validate(%1$s.class) on %2$s: %3$s"),
  ONE_OF_TYPE(
      "osmos.oneof.type",
      "@OneOf cannot be applied to %1$s of type %2$s; it lists allowed String values, so the"
          + " field must be a String (use an enum for other closed sets)"),
  HOOK_INVALID("osmos.hook.invalid", "@Hook method %1$s of %2$s: %3$s"),
  TYPE_UNRESOLVED(
      "osmos.type.unresolved",
      "%1$s was not generated because type %2$s could not be resolved; fix that type (or the"
          + " processor that generates it) and compile again");

  private final String id;
  private final String template;

  Message(String id, String template) {
    this.id = id;
    this.template = template;
  }

  /** The stable id, e.g. {@code osmos.key.missing}. */
  public String id() {
    return id;
  }

  /** The full text: {@code [id] message}. */
  public String format(Object... args) {
    return "[" + id + "] " + String.format(Locale.ROOT, template, args);
  }
}
