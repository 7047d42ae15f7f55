package io.osmos.processor.query;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A condition on the entities a query reads, changes or removes: a tree of {@link And}, {@link Or}
 * and {@link Not} over tests of one attribute each.
 *
 * <p>{@code toString()} prints JDQL with every {@code AND}/{@code OR} in parentheses and every
 * {@code NOT} applied to a parenthesised operand, so that two plans print alike exactly when they
 * mean the same tree.
 */
public sealed interface Condition
    permits Condition.And,
        Condition.Or,
        Condition.Not,
        Condition.Compare,
        Condition.Between,
        Condition.In,
        Condition.Like,
        Condition.IsNull,
        Condition.IsNotNull {

  /** Where the condition is written. */
  Span span();

  /**
   * All operands hold. Nested {@code And}s are flattened: {@code a AND (b AND c)} is one {@code
   * And} of three.
   *
   * @param operands two or more conditions
   * @param span from the first operand to the last
   */
  record And(List<Condition> operands, Span span) implements Condition {
    /** Copies the operands and checks there are at least two. */
    public And {
      operands = List.copyOf(operands);
      if (operands.size() < 2) {
        throw new IllegalArgumentException(
            "AND needs two operands or more, found " + operands.size());
      }
    }

    /** The canonical form: {@code (a AND b AND c)}. */
    @Override
    public String toString() {
      return operands.stream().map(Object::toString).collect(Collectors.joining(" AND ", "(", ")"));
    }
  }

  /**
   * At least one operand holds. Nested {@code Or}s are flattened.
   *
   * @param operands two or more conditions
   * @param span from the first operand to the last
   */
  record Or(List<Condition> operands, Span span) implements Condition {
    /** Copies the operands and checks there are at least two. */
    public Or {
      operands = List.copyOf(operands);
      if (operands.size() < 2) {
        throw new IllegalArgumentException(
            "OR needs two operands or more, found " + operands.size());
      }
    }

    /** The canonical form: {@code (a OR b)}. */
    @Override
    public String toString() {
      return operands.stream().map(Object::toString).collect(Collectors.joining(" OR ", "(", ")"));
    }
  }

  /**
   * The operand does not hold. JDQL's {@code x NOT BETWEEN}, {@code NOT IN} and {@code NOT LIKE}
   * are a {@code Not} around the positive test; {@code IS NOT NULL} is {@link IsNotNull}.
   *
   * @param operand the negated condition
   * @param span from {@code NOT} (or the attribute, for {@code x NOT LIKE ...}) to the end
   */
  record Not(Condition operand, Span span) implements Condition {
    /** Checks the operand is present. */
    public Not {
      Objects.requireNonNull(operand, "operand");
    }

    /** The canonical form: {@code NOT (a)}. */
    @Override
    public String toString() {
      String inner = operand.toString();
      return inner.startsWith("(") ? "NOT " + inner : "NOT (" + inner + ")";
    }
  }

  /** The operator of a {@link Compare}. */
  enum Operator {
    /** {@code =} */
    EQUAL("="),
    /** {@code <>} */
    NOT_EQUAL("<>"),
    /** {@code <} */
    LESS_THAN("<"),
    /** {@code <=} */
    LESS_THAN_OR_EQUAL("<="),
    /** {@code >} */
    GREATER_THAN(">"),
    /** {@code >=} */
    GREATER_THAN_OR_EQUAL(">=");

    private final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }

    /** The operator as JDQL writes it. */
    public String symbol() {
      return symbol;
    }

    /** The operator that holds when the operands change sides: {@code <} for {@code >}. */
    public Operator mirrored() {
      switch (this) {
        case LESS_THAN:
          return GREATER_THAN;
        case LESS_THAN_OR_EQUAL:
          return GREATER_THAN_OR_EQUAL;
        case GREATER_THAN:
          return LESS_THAN;
        case GREATER_THAN_OR_EQUAL:
          return LESS_THAN_OR_EQUAL;
        default:
          return this;
      }
    }
  }

  /**
   * The attribute compares with the operand as the operator says. JDQL's {@code :p < price} is read
   * as {@code price > :p}: the attribute is always on the left.
   *
   * @param attribute the attribute
   * @param operator the comparison
   * @param operand the value
   * @param span the whole comparison
   */
  record Compare(AttributeRef attribute, Operator operator, Operand operand, Span span)
      implements Condition {
    /** Checks the parts are present. */
    public Compare {
      Objects.requireNonNull(attribute, "attribute");
      Objects.requireNonNull(operator, "operator");
      Objects.requireNonNull(operand, "operand");
    }

    /** The canonical form: {@code price < :max}. */
    @Override
    public String toString() {
      return attribute + " " + operator.symbol() + " " + operand;
    }
  }

  /**
   * The attribute lies between the bounds, both included.
   *
   * @param attribute the attribute
   * @param low the lower bound
   * @param high the upper bound
   * @param span the whole test
   */
  record Between(AttributeRef attribute, Operand low, Operand high, Span span)
      implements Condition {
    /** Checks the parts are present. */
    public Between {
      Objects.requireNonNull(attribute, "attribute");
      Objects.requireNonNull(low, "low");
      Objects.requireNonNull(high, "high");
    }

    /** The canonical form: {@code price BETWEEN :min AND :max}. */
    @Override
    public String toString() {
      return attribute + " BETWEEN " + low + " AND " + high;
    }
  }

  /**
   * The attribute equals one of the values. A single parameter may stand for a collection of values
   * (method names such as {@code findByStatusIn(Set<Status>)}); the resolver decides by the
   * parameter's type.
   *
   * @param attribute the attribute
   * @param values one or more operands
   * @param span the whole test
   */
  record In(AttributeRef attribute, List<Operand> values, Span span) implements Condition {
    /** Copies the values and checks there is at least one. */
    public In {
      Objects.requireNonNull(attribute, "attribute");
      values = List.copyOf(values);
      if (values.isEmpty()) {
        throw new IllegalArgumentException("IN needs at least one value");
      }
    }

    /** The canonical form: {@code status IN (Status.ACTIVE, :other)}. */
    @Override
    public String toString() {
      return attribute
          + values.stream().map(Object::toString).collect(Collectors.joining(", ", " IN (", ")"));
    }
  }

  /** What the operand of a {@link Like} is. */
  enum LikeMode {
    /** A pattern: {@code %} stands for any text, {@code _} for any one character (JDQL LIKE). */
    PATTERN,
    /** Text the attribute starts with, matched literally (method name {@code StartsWith}). */
    STARTS_WITH,
    /** Text the attribute ends with, matched literally (method name {@code EndsWith}). */
    ENDS_WITH,
    /** Text the attribute contains, matched literally (method name {@code Contains}). */
    CONTAINS
  }

  /**
   * The attribute's text matches.
   *
   * @param attribute the attribute
   * @param mode whether the operand is a pattern or literal text
   * @param operand the pattern or the text
   * @param escape for a {@link LikeMode#PATTERN}: the character that makes the next {@code %},
   *     {@code _} or itself literal ({@code ESCAPE '\'}); empty when there is none
   * @param span the whole test
   */
  record Like(
      AttributeRef attribute, LikeMode mode, Operand operand, Optional<Character> escape, Span span)
      implements Condition {
    /** Checks the parts are present and that only patterns have an escape character. */
    public Like {
      Objects.requireNonNull(attribute, "attribute");
      Objects.requireNonNull(mode, "mode");
      Objects.requireNonNull(operand, "operand");
      Objects.requireNonNull(escape, "escape");
      if (escape.isPresent() && mode != LikeMode.PATTERN) {
        throw new IllegalArgumentException("only a LIKE pattern has an escape character");
      }
    }

    /**
     * The canonical form: {@code title LIKE 'a%' ESCAPE '\'}; other modes print as {@code title
     * STARTS_WITH :p}.
     */
    @Override
    public String toString() {
      String op = mode == LikeMode.PATTERN ? "LIKE" : mode.name();
      String esc =
          escape
              .map(c -> " ESCAPE " + new Operand.StringLiteral(c.toString(), Span.NONE))
              .orElse("");
      return attribute + " " + op + " " + operand + esc;
    }
  }

  /**
   * The attribute has no value.
   *
   * @param attribute the attribute
   * @param span the whole test
   */
  record IsNull(AttributeRef attribute, Span span) implements Condition {
    /** Checks the attribute is present. */
    public IsNull {
      Objects.requireNonNull(attribute, "attribute");
    }

    /** The canonical form: {@code title IS NULL}. */
    @Override
    public String toString() {
      return attribute + " IS NULL";
    }
  }

  /**
   * The attribute has a value.
   *
   * @param attribute the attribute
   * @param span the whole test
   */
  record IsNotNull(AttributeRef attribute, Span span) implements Condition {
    /** Checks the attribute is present. */
    public IsNotNull {
      Objects.requireNonNull(attribute, "attribute");
    }

    /** The canonical form: {@code title IS NOT NULL}. */
    @Override
    public String toString() {
      return attribute + " IS NOT NULL";
    }
  }
}
