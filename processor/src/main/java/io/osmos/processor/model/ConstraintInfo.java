package io.osmos.processor.model;

import java.util.List;
import javax.lang.model.type.TypeMirror;

/**
 * One constraint on a field, a container element or a type, with its attributes as written. The
 * check stage decides whether the attributes make sense and whether the constraint fits the type.
 *
 * @param kind which constraint
 * @param origin the annotation
 * @param message the message to report: the user's ({@code {min}} etc. replaced) or Jakarta's
 *     default
 * @param min {@code Size.min}, {@code Min.value}, {@code Digits.integer}
 * @param max {@code Size.max}, {@code Max.value}, {@code Digits.fraction}
 * @param decimal {@code DecimalMin/DecimalMax.value}
 * @param inclusive {@code DecimalMin/DecimalMax.inclusive}
 * @param regexp {@code Pattern.regexp}, {@code Email.regexp}
 * @param flags {@code java.util.regex.Pattern} flags
 * @param values {@code OneOf.value}
 * @param validator {@code Validate.value}
 */
public record ConstraintInfo(
    ConstraintKind kind,
    Origin origin,
    String message,
    long min,
    long max,
    String decimal,
    boolean inclusive,
    String regexp,
    int flags,
    List<String> values,
    TypeMirror validator) {
  public ConstraintInfo {
    values = values == null ? List.of() : List.copyOf(values);
  }
}
