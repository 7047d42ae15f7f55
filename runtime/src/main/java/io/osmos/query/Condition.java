package io.osmos.query;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A condition on one top-level property: the leaves of a query's {@link Filter} tree.
 *
 * <p>Wherever a condition takes a value, it may instead hold a {@link Param}, filled by {@link
 * Query#bind(Object...)}; drivers only ever see bound queries. String comparisons with {@code
 * ignoreCase} compare the lower-case forms of both sides by Unicode's default mapping ({@link
 * QueryEvaluator#lower(String)}), which is what PostgreSQL's {@code lower()} gives under an ICU
 * collation.
 *
 * <p>Every driver serves {@link Eq}, {@link Prefix} and {@link Range} conditions (without {@code
 * ignoreCase}) on the key or an {@code @Index} field; see {@link Query#isIndexServed()}. Other
 * conditions run only on drivers that evaluate queries on the server, and are declined elsewhere
 * with {@code UnsupportedQueryException}.
 *
 * @param <T> the model
 */
public sealed interface Condition<T> extends Filter<T>
    permits Condition.Eq,
        Condition.Prefix,
        Condition.Range,
        Condition.In,
        Condition.Like,
        Condition.Null {

  /** The property the condition is on. */
  Property<T, ?> property();

  /** {@code property = value} (a value or a {@link Param}). */
  static <T> Condition<T> eq(Property<T, ?> property, Object value) {
    return new Eq<>(property, value, false);
  }

  /** {@code lower(property) = lower(value)}, for strings. */
  static <T> Condition<T> eqIgnoreCase(Property<T, String> property, Object value) {
    return new Eq<>(property, value, true);
  }

  /** {@code property IN (values...)}; a {@link Param} bound to a collection adds its elements. */
  static <T> Condition<T> in(Property<T, ?> property, Object... values) {
    return new In<>(property, Arrays.asList(values));
  }

  /** {@code property > value}. */
  static <T> Condition<T> gt(Property<T, ?> property, Object value) {
    return new Range<>(property, Objects.requireNonNull(value, "value"), false, null, false, false);
  }

  /** {@code property >= value}. */
  static <T> Condition<T> gte(Property<T, ?> property, Object value) {
    return new Range<>(property, Objects.requireNonNull(value, "value"), true, null, false, false);
  }

  /** {@code property < value}. */
  static <T> Condition<T> lt(Property<T, ?> property, Object value) {
    return new Range<>(property, null, false, Objects.requireNonNull(value, "value"), false, false);
  }

  /** {@code property <= value}. */
  static <T> Condition<T> lte(Property<T, ?> property, Object value) {
    return new Range<>(property, null, false, Objects.requireNonNull(value, "value"), true, false);
  }

  /** {@code property BETWEEN lower AND upper}, both included. */
  static <T> Condition<T> between(Property<T, ?> property, Object lower, Object upper) {
    return new Range<>(
        property,
        Objects.requireNonNull(lower, "lower"),
        true,
        Objects.requireNonNull(upper, "upper"),
        true,
        false);
  }

  /** {@code property LIKE pattern}, with {@code %} and {@code _} wildcards and no escape. */
  static <T> Condition<T> like(Property<T, String> property, Object pattern) {
    return new Like<>(property, pattern, Like.Mode.PATTERN, null, false);
  }

  /** {@code property LIKE pattern ESCAPE escape}. */
  static <T> Condition<T> like(Property<T, String> property, Object pattern, char escape) {
    return new Like<>(property, pattern, Like.Mode.PATTERN, escape, false);
  }

  /**
   * {@code property} starts with {@code value}, taken literally. With a literal value this is a
   * {@link Prefix} (served by an index); with a {@link Param} it becomes one when bound.
   */
  static <T> Condition<T> startsWith(Property<T, String> property, Object value) {
    if (value instanceof String s) {
      return new Prefix<>(property, s);
    }
    return new Like<>(property, value, Like.Mode.STARTS_WITH, null, false);
  }

  /** {@code property} ends with {@code value}, taken literally. */
  static <T> Condition<T> endsWith(Property<T, String> property, Object value) {
    return new Like<>(property, value, Like.Mode.ENDS_WITH, null, false);
  }

  /** {@code property} contains {@code value}, taken literally. */
  static <T> Condition<T> contains(Property<T, String> property, Object value) {
    return new Like<>(property, value, Like.Mode.CONTAINS, null, false);
  }

  /** {@code property IS NULL} (absent). */
  static <T> Condition<T> isNull(Property<T, ?> property) {
    return new Null<>(property);
  }

  /** {@code property IS NOT NULL}. */
  static <T> Filter<T> isNotNull(Property<T, ?> property) {
    return new Filter.Not<>(new Null<>(property));
  }

  /** {@code property = TRUE}. */
  static <T> Condition<T> isTrue(Property<T, Boolean> property) {
    return new Eq<>(property, Boolean.TRUE, false);
  }

  /** {@code property = FALSE}. */
  static <T> Condition<T> isFalse(Property<T, Boolean> property) {
    return new Eq<>(property, Boolean.FALSE, false);
  }

  /**
   * {@code property == value}.
   *
   * @param <T> the model
   * @param <V> the property's type
   * @param property the property
   * @param value a value of type {@code V} (never null; use {@link Null}), or a {@link Param}
   * @param ignoreCase whether strings compare by their lower-case forms
   */
  record Eq<T, V>(Property<T, V> property, Object value, boolean ignoreCase)
      implements Condition<T> {
    /** Checks the operands. */
    public Eq {
      Objects.requireNonNull(property, "property");
      Objects.requireNonNull(value, "value (use isNull for absent values)");
    }

    /** {@code property == value}, case-sensitive. */
    public Eq(Property<T, V> property, V value) {
      this(property, value, false);
    }

    @Override
    public String toString() {
      return (ignoreCase
          ? "lower(" + property + ") = lower(" + value + ")"
          : property + " = " + value);
    }
  }

  /**
   * {@code property} starts with {@code prefix} (compared by code point, case-sensitive).
   *
   * @param <T> the model
   * @param property the property
   * @param prefix the prefix
   */
  record Prefix<T>(Property<T, String> property, String prefix) implements Condition<T> {
    /** Checks the operands. */
    public Prefix {
      Objects.requireNonNull(property, "property");
      Objects.requireNonNull(prefix, "prefix");
    }

    @Override
    public String toString() {
      return property + " starts with '" + prefix + "'";
    }
  }

  /**
   * {@code lower <(=) property <(=) upper}; a null bound is open. Never holds for an absent value.
   *
   * @param <T> the model
   * @param <V> the property's type
   * @param property the property
   * @param lower the lower bound (a value or a {@link Param}), or null
   * @param lowerInclusive whether the lower bound is included
   * @param upper the upper bound (a value or a {@link Param}), or null
   * @param upperInclusive whether the upper bound is included
   * @param ignoreCase whether strings compare by their lower-case forms
   */
  record Range<T, V>(
      Property<T, V> property,
      Object lower,
      boolean lowerInclusive,
      Object upper,
      boolean upperInclusive,
      boolean ignoreCase)
      implements Condition<T> {
    /** Checks the operands. */
    public Range {
      Objects.requireNonNull(property, "property");
      if (lower == null && upper == null) {
        throw new IllegalArgumentException("a range on " + property + " needs at least one bound");
      }
    }

    /** A case-sensitive range. */
    public Range(
        Property<T, V> property, V lower, boolean lowerInclusive, V upper, boolean upperInclusive) {
      this(property, lower, lowerInclusive, upper, upperInclusive, false);
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder();
      if (lower != null) {
        b.append(lower).append(lowerInclusive ? " <= " : " < ");
      }
      b.append(ignoreCase ? "lower(" + property + ")" : property.toString());
      if (upper != null) {
        b.append(upperInclusive ? " <= " : " < ").append(upper);
      }
      return b.toString();
    }
  }

  /**
   * {@code property IN (values)}. Never holds for an absent value, nor for an empty list.
   *
   * @param <T> the model
   * @param <V> the property's type
   * @param property the property
   * @param values values of type {@code V} or {@link Param}s (each bound to a value, a collection
   *     or an array)
   */
  record In<T, V>(Property<T, V> property, List<Object> values) implements Condition<T> {
    /** Copies and checks the operands. */
    public In {
      Objects.requireNonNull(property, "property");
      values = List.copyOf(values);
    }

    @Override
    public String toString() {
      return property + " in " + values;
    }
  }

  /**
   * {@code property LIKE pattern}: {@code %} matches any run of characters (code points), {@code _}
   * exactly one, and the escape character makes the next character literal.
   *
   * @param <T> the model
   * @param property the property
   * @param value the pattern in {@link Mode#PATTERN} mode, else a literal text; or a {@link Param}
   * @param mode how {@code value} makes the pattern
   * @param escape the escape character of a pattern, or null for none
   * @param ignoreCase whether both sides compare by their lower-case forms
   */
  record Like<T>(
      Property<T, String> property, Object value, Mode mode, Character escape, boolean ignoreCase)
      implements Condition<T> {
    /** The escape used to quote literal text in the other modes. */
    public static final char LITERAL_ESCAPE = '\\';

    /** How {@link #value()} makes the pattern. */
    public enum Mode {
      /** The value is the pattern. */
      PATTERN,
      /** The value is a literal prefix ({@code StartsWith}). */
      STARTS_WITH,
      /** The value is a literal suffix ({@code EndsWith}). */
      ENDS_WITH,
      /** The value is literal text found anywhere ({@code Contains}). */
      CONTAINS
    }

    /** Checks the operands. */
    public Like {
      Objects.requireNonNull(property, "property");
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(mode, "mode");
      if (mode != Mode.PATTERN) {
        escape = LITERAL_ESCAPE;
      }
    }

    /** This condition, comparing ignoring case. */
    public Like<T> ignoringCase() {
      return new Like<>(property, value, mode, escape, true);
    }

    /**
     * The pattern the condition tests, with {@link #escape()} as its escape character.
     *
     * @throws IllegalStateException if the value is an unbound parameter
     */
    public String pattern() {
      if (!(value instanceof String s)) {
        throw new IllegalStateException("the pattern of " + this + " is an unbound parameter");
      }
      if (mode == Mode.PATTERN) {
        return s;
      }
      String quoted = quote(s);
      return switch (mode) {
        case STARTS_WITH -> quoted + "%";
        case ENDS_WITH -> "%" + quoted;
        default -> "%" + quoted + "%";
      };
    }

    /** {@code text} with {@code %}, {@code _} and the escape quoted by {@link #LITERAL_ESCAPE}. */
    public static String quote(String text) {
      StringBuilder b = new StringBuilder(text.length() + 4);
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '%' || c == '_' || c == LITERAL_ESCAPE) {
          b.append(LITERAL_ESCAPE);
        }
        b.append(c);
      }
      return b.toString();
    }

    @Override
    public String toString() {
      String p = value instanceof String ? "'" + pattern() + "'" : String.valueOf(value);
      return (ignoreCase
              ? "lower(" + property + ") like lower(" + p + ")"
              : property + " like " + p)
          + (escape != null && mode == Mode.PATTERN ? " escape '" + escape + "'" : "");
    }
  }

  /**
   * {@code property IS NULL}: the field is absent (a missing optional, a null reference).
   *
   * @param <T> the model
   * @param property the property
   */
  record Null<T>(Property<T, ?> property) implements Condition<T> {
    /** Checks the operand. */
    public Null {
      Objects.requireNonNull(property, "property");
    }

    @Override
    public String toString() {
      return property + " is null";
    }
  }
}
