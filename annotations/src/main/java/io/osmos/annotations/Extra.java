package io.osmos.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A {@code Map<String, Object>} field that keeps stored fields the model does not declare, so that
 * a read-modify-write does not lose them. Values are Strings, Longs, Doubles, Booleans, nulls,
 * Lists and Maps of those. At most one per model.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.METHOD})
public @interface Extra {}
