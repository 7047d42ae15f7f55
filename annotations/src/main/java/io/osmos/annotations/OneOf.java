package io.osmos.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The allowed values of a {@code String} field. A null value is allowed (use {@code @NotNull}). */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.METHOD, ElementType.TYPE_USE})
public @interface OneOf {
  /** The allowed values, compared exactly. */
  String[] value();

  /** Message on violation; {@code {values}} is replaced by the list of allowed values. */
  String message() default "must be one of {values}";
}
