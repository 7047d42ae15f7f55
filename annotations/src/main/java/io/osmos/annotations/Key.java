package io.osmos.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The field that identifies a model. Mark several fields for a composite key: the repository then
 * takes a generated {@code X_.Key} record whose components follow the fields' declaration order,
 * and keys sort by those components in that order.
 *
 * <p>A single {@code String}, {@code UUID}, {@code long} or {@code Long} key may be null (or 0) on
 * insert: the store generates one.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.METHOD})
public @interface Key {}
