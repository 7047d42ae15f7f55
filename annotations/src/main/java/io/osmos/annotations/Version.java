package io.osmos.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Optimistic concurrency: an {@code int} or {@code long} field. {@code save} and {@code update}
 * succeed only when the stored version equals the given one, and then increment it; otherwise they
 * throw {@code ConcurrentUpdateException}. A new model starts at version 0 and is stored as 1.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.METHOD})
public @interface Version {}
