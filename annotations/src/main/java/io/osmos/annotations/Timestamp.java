package io.osmos.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The event time of a stream record (an {@code Instant}): lookup indexes keep the newest record per
 * key by this time (last writer wins), warehouses partition by it. A null timestamp is set to the
 * time of the write.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.METHOD})
public @interface Timestamp {}
