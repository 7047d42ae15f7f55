package io.osmos.query;

import java.util.List;
import java.util.Objects;

/**
 * A node of a query's condition tree: a {@link Condition} on one property, or a {@link Not}, {@link
 * And} or {@link Or} of other nodes. A {@link Query} holds a list of filters that must all hold.
 *
 * <p>Evaluation follows SQL's three-valued logic, as Jakarta Data and PostgreSQL do: a comparison
 * with an absent (null) value is unknown, {@code NOT unknown} is unknown, and only models for which
 * the whole tree is true match. {@link Condition.Null} is never unknown.
 *
 * @param <T> the model
 */
public sealed interface Filter<T> permits Condition, Filter.Not, Filter.And, Filter.Or {

  /** The negation of {@code filter}. */
  static <T> Filter<T> not(Filter<T> filter) {
    return new Not<>(filter);
  }

  /** All of {@code filters}. */
  @SafeVarargs
  static <T> Filter<T> and(Filter<T>... filters) {
    return new And<>(List.of(filters));
  }

  /** Any of {@code filters}. */
  @SafeVarargs
  static <T> Filter<T> or(Filter<T>... filters) {
    return new Or<>(List.of(filters));
  }

  /**
   * {@code NOT filter}.
   *
   * @param <T> the model
   * @param filter the negated filter
   */
  record Not<T>(Filter<T> filter) implements Filter<T> {
    /** Checks the operand. */
    public Not {
      Objects.requireNonNull(filter, "filter");
    }

    @Override
    public String toString() {
      return "not(" + filter + ")";
    }
  }

  /**
   * Every one of {@code filters} holds.
   *
   * @param <T> the model
   * @param filters at least one operand
   */
  record And<T>(List<Filter<T>> filters) implements Filter<T> {
    /** Copies and checks the operands. */
    public And {
      filters = List.copyOf(filters);
      if (filters.isEmpty()) {
        throw new IllegalArgumentException("and() needs at least one filter");
      }
    }

    @Override
    public String toString() {
      return "and" + filters;
    }
  }

  /**
   * At least one of {@code filters} holds.
   *
   * @param <T> the model
   * @param filters at least one operand
   */
  record Or<T>(List<Filter<T>> filters) implements Filter<T> {
    /** Copies and checks the operands. */
    public Or {
      filters = List.copyOf(filters);
      if (filters.isEmpty()) {
        throw new IllegalArgumentException("or() needs at least one filter");
      }
    }

    @Override
    public String toString() {
      return "or" + filters;
    }
  }
}
