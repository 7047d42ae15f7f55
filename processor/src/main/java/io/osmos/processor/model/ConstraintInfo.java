package io.osmos.processor.model;

import java.util.List;
import java.util.Map;

/**
 * One constraint on a field, a container element or a type, with its attributes as written. The
 * check stage decides whether the attributes make sense and whether the constraint fits the type.
 *
 * @param kind which constraint
 * @param annotation the annotation's qualified name
 * @param origin the annotation
 * @param explicit the attributes the user wrote, each at its value (for diagnostics)
 * @param message the message to report: the user's ({@code {min}} etc. replaced) or Jakarta's
 *     default
 * @param min {@code Size.min}, {@code Min.value}, {@code Digits.integer}
 * @param max {@code Size.max}, {@code Max.value}, {@code Digits.fraction}
 * @param decimal {@code DecimalMin/DecimalMax.value}
 * @param inclusive {@code DecimalMin/DecimalMax.inclusive}
 * @param regexp {@code Pattern.regexp}, {@code Email.regexp}
 * @param flags {@code java.util.regex.Pattern} flags
 * @param values {@code OneOf.value}
 * @param validator {@code Validate.value}; null for other constraints
 */
public record ConstraintInfo(
    ConstraintKind kind,
    String annotation,
    Origin origin,
    Map<String, Origin> explicit,
    String message,
    long min,
    long max,
    String decimal,
    boolean inclusive,
    String regexp,
    int flags,
    List<String> values,
    ValidatorInfo validator) {
  public ConstraintInfo {
    explicit = Map.copyOf(explicit);
    values = values == null ? List.of() : List.copyOf(values);
  }

  /** Where {@code attribute}'s value is written, else the annotation. */
  public Origin at(String attribute) {
    Origin o = explicit.get(attribute);
    return o != null ? o : origin;
  }
}
