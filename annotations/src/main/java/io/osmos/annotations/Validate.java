package io.osmos.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A custom check, on a field or on the whole model/embeddable type. The validator class needs a
 * public no-argument constructor; generated code creates one instance per model.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.METHOD, ElementType.TYPE})
public @interface Validate {
  /** The validator. Its type argument must accept the field's (or type's) type. */
  Class<? extends Validator<?>> value();
}
