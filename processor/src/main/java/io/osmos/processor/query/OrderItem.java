package io.osmos.processor.query;

import java.util.Objects;

/**
 * One key of a query's order: {@code ORDER BY title ASC}, {@code OrderByTitleDesc},
 * {@code @OrderBy("title")}.
 *
 * @param attribute the attribute sorted on, {@link CaseFold#IGNORE_CASE} for a sort without regard
 *     to case
 * @param descending whether larger values come first
 * @param span where the key is written
 */
public record OrderItem(AttributeRef attribute, boolean descending, Span span) {
  /** Checks the attribute is present. */
  public OrderItem {
    Objects.requireNonNull(attribute, "attribute");
  }

  /** The canonical form: {@code title ASC} or {@code LOWER(title) DESC}. */
  @Override
  public String toString() {
    return attribute + (descending ? " DESC" : " ASC");
  }
}
