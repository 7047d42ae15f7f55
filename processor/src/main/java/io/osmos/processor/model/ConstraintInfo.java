package io.osmos.processor.model;

import java.util.List;
import java.util.Map;

/**
 * One constraint on a field, a container element or a type, with its attributes as written. The
 * check stage decides whether the attributes make sense and whether the constraint fits the type;
 * what each kind of constraint means is in {@link ConstraintKind}.
 *
 * @param kind which constraint
 * @param annotation the annotation's qualified name
 * @param origin the annotation
 * @param explicit the attributes the user wrote, each at its value (for diagnostics)
 * @param message the message to report: the user's ({@code {min}} etc. replaced) or Jakarta's
 *     default
 * @param attributes the attribute values the kind takes
 * @param validator what {@code @Validate} names; null for other constraints
 */
public record ConstraintInfo(
    ConstraintKind kind,
    String annotation,
    Origin origin,
    Map<String, Origin> explicit,
    String message,
    ConstraintKind.Attributes attributes,
    ValidatorInfo validator) {
  public ConstraintInfo {
    explicit = Map.copyOf(explicit);
  }

  /** Where {@code attribute}'s value is written, else the annotation. */
  public Origin at(String attribute) {
    Origin o = explicit.get(attribute);
    return o != null ? o : origin;
  }

  /** {@code Size.min}, {@code Min.value}, {@code Digits.integer}. */
  public long min() {
    return attributes.min();
  }

  /** {@code Size.max}, {@code Max.value}, {@code Digits.fraction}. */
  public long max() {
    return attributes.max();
  }

  /** {@code DecimalMin/DecimalMax.value}. */
  public String decimal() {
    return attributes.decimal();
  }

  /** {@code DecimalMin/DecimalMax.inclusive}. */
  public boolean inclusive() {
    return attributes.inclusive();
  }

  /** {@code Pattern.regexp}, {@code Email.regexp}. */
  public String regexp() {
    return attributes.regexp();
  }

  /** The {@code java.util.regex.Pattern} flags. */
  public int flags() {
    return attributes.flags();
  }

  /** {@code OneOf.value}. */
  public List<String> values() {
    return attributes.values();
  }
}
