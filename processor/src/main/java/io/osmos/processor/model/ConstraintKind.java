package io.osmos.processor.model;

/** The constraints generated code checks, by annotation. */
public enum ConstraintKind {
  NOT_NULL("jakarta.validation.constraints.NotNull", "must not be null"),
  NOT_BLANK("jakarta.validation.constraints.NotBlank", "must not be blank"),
  NOT_EMPTY("jakarta.validation.constraints.NotEmpty", "must not be empty"),
  NULL("jakarta.validation.constraints.Null", "must be null"),
  ASSERT_TRUE("jakarta.validation.constraints.AssertTrue", "must be true"),
  ASSERT_FALSE("jakarta.validation.constraints.AssertFalse", "must be false"),
  SIZE("jakarta.validation.constraints.Size", "size must be between {min} and {max}"),
  MIN("jakarta.validation.constraints.Min", "must be greater than or equal to {value}"),
  MAX("jakarta.validation.constraints.Max", "must be less than or equal to {value}"),
  DECIMAL_MIN("jakarta.validation.constraints.DecimalMin", null),
  DECIMAL_MAX("jakarta.validation.constraints.DecimalMax", null),
  DIGITS(
      "jakarta.validation.constraints.Digits",
      "numeric value out of bounds (<{integer} digits>.<{fraction} digits> expected)"),
  POSITIVE("jakarta.validation.constraints.Positive", "must be greater than 0"),
  POSITIVE_OR_ZERO(
      "jakarta.validation.constraints.PositiveOrZero", "must be greater than or equal to 0"),
  NEGATIVE("jakarta.validation.constraints.Negative", "must be less than 0"),
  NEGATIVE_OR_ZERO(
      "jakarta.validation.constraints.NegativeOrZero", "must be less than or equal to 0"),
  PATTERN("jakarta.validation.constraints.Pattern", "must match \"{regexp}\""),
  EMAIL("jakarta.validation.constraints.Email", "must be a well-formed email address"),
  PAST("jakarta.validation.constraints.Past", "must be a past date"),
  PAST_OR_PRESENT(
      "jakarta.validation.constraints.PastOrPresent",
      "must be a date in the past or in the present"),
  FUTURE("jakarta.validation.constraints.Future", "must be a future date"),
  FUTURE_OR_PRESENT(
      "jakarta.validation.constraints.FutureOrPresent",
      "must be a date in the present or in the future"),
  ONE_OF("io.osmos.annotations.OneOf", "must be one of {values}"),
  VALIDATE("io.osmos.annotations.Validate", null),
  /** A Jakarta constraint Osmos does not implement; reported, never generated. */
  UNSUPPORTED("", null);

  /** The package of the Jakarta constraints; any other annotation from it is unsupported. */
  public static final String JAKARTA_PACKAGE = "jakarta.validation.constraints";

  private final String annotation;
  private final String defaultMessage;

  ConstraintKind(String annotation, String defaultMessage) {
    this.annotation = annotation;
    this.defaultMessage = defaultMessage;
  }

  /** The annotation's qualified name. */
  public String annotation() {
    return annotation;
  }

  /** The annotation's simple name, for messages. */
  public String simpleName() {
    return annotation.substring(annotation.lastIndexOf('.') + 1);
  }

  /** Jakarta's default message template (DecimalMin/Max depend on {@code inclusive}). */
  public String defaultMessage(boolean inclusive) {
    return switch (this) {
      case DECIMAL_MIN ->
          inclusive ? "must be greater than or equal to {value}" : "must be greater than {value}";
      case DECIMAL_MAX ->
          inclusive ? "must be less than or equal to {value}" : "must be less than {value}";
      default -> defaultMessage;
    };
  }

  /** Whether the constraint fails on null (the others accept null). */
  public boolean rejectsNull() {
    return this == NOT_NULL || this == NOT_BLANK || this == NOT_EMPTY;
  }

  /** The kind for an annotation name, or null. */
  public static ConstraintKind forAnnotation(String qualifiedName) {
    for (ConstraintKind k : values()) {
      if (k != UNSUPPORTED && k.annotation.equals(qualifiedName)) {
        return k;
      }
    }
    return null;
  }
}
