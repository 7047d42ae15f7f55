package io.osmos.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a field reads as when a stored document has no value for it: the field is missing (the
 * document was written before the field existed) or stored as null. Without it, a missing primitive
 * or {@code @NotNull} field fails the read with a {@code DecodeException}; a missing {@code
 * Optional} is empty and a missing nullable field is null.
 *
 * <p>The value is checked against the field's type at compile time: a number for numeric types,
 * {@code true} or {@code false}, one character for {@code char}, a constant's name for an enum, ISO
 * 8601 text for {@code Instant} ({@code 2020-01-01T00:00:00Z}), {@code LocalDate}, {@code
 * LocalDateTime} and {@code Duration} ({@code PT1H}), the canonical form for a {@code UUID}, any
 * text for a {@code String}. On a {@code List}, {@code Set} or {@code Map}, {@code @Default}
 * without a value means empty.
 *
 * <pre>{@code
 * @Default("EUR") Currency currency,
 * @Default("0") int loginCount,
 * @Default List<String> tags
 * }</pre>
 *
 * <p>Not allowed on {@code @Key} and {@code @Version} fields (their values come from the store), on
 * {@code Optional}, {@code @Embeddable} and {@code @Convert} fields.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.METHOD})
public @interface Default {
  /** The value as text; empty (the default) for an empty collection, map or String. */
  String value() default "";
}
