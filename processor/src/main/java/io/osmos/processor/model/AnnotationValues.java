package io.osmos.processor.model;

import java.util.List;

/**
 * The values of one annotation, by attribute name: what a {@link ConstraintKind} reads its
 * attributes from. The read stage implements it over the annotation the user wrote.
 */
public interface AnnotationValues {
  /** The value written, or the attribute's default. */
  String string(String name);

  /** The value written, or null when the default applies. */
  String written(String name);

  /** The value written or the default; {@code otherwise} when there is no such number. */
  long longValue(String name, long otherwise);

  /** The value written or the default; {@code otherwise} when there is no such boolean. */
  boolean bool(String name, boolean otherwise);

  /** The items of an array value: strings, or the names of enum constants. */
  List<String> strings(String name);
}
