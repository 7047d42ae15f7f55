package io.osmos.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A secondary index on a field. The repository gets a {@code findBy<Field>} finder, and queries on
 * the field ({@code eq}, {@code prefix} for strings, ranges for ordered types) are evaluated by the
 * store's own index. The driver keeps the index exact on save, update and delete.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.METHOD})
public @interface Index {}
