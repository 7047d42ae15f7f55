package io.osmos.query;

import java.util.Objects;

/**
 * One sort key of a {@link Query}: a property, a direction and whether strings compare ignoring
 * case. Absent (null) values sort after every value ascending, and first descending (as
 * PostgreSQL's default {@code NULLS LAST} / {@code NULLS FIRST}). After every sort key, results are
 * ordered by the model's key, so the order is total and paging is stable.
 *
 * @param <T> the model
 * @param property the property sorted on
 * @param descending whether larger values come first
 * @param ignoreCase whether strings compare by their lower-case forms (see {@link Query})
 */
public record Sort<T>(Property<T, ?> property, boolean descending, boolean ignoreCase) {
  /** Checks the property. */
  public Sort {
    Objects.requireNonNull(property, "property");
  }

  /** Ascending on {@code property}. */
  public static <T> Sort<T> asc(Property<T, ?> property) {
    return new Sort<>(property, false, false);
  }

  /** Descending on {@code property}. */
  public static <T> Sort<T> desc(Property<T, ?> property) {
    return new Sort<>(property, true, false);
  }

  /** This sort key, comparing strings ignoring case. */
  public Sort<T> ignoringCase() {
    return new Sort<>(property, descending, true);
  }

  @Override
  public String toString() {
    return (ignoreCase ? "lower(" + property + ")" : property.toString())
        + (descending ? " desc" : " asc");
  }
}
