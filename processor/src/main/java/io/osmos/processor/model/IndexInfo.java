package io.osmos.processor.model;

/**
 * A secondary index: one {@code @Index} field, and the name of its repository finder.
 *
 * @param property the field
 * @param finder {@code findByEmail}
 */
public record IndexInfo(PropertyInfo property, String finder) {}
