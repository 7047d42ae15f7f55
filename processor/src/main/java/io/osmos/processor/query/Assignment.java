package io.osmos.processor.query;

import java.util.Objects;
import java.util.Optional;

/**
 * One change of a JDQL {@code UPDATE}: {@code SET price = :price}, {@code SET stock = stock - 1},
 * {@code SET note = NULL}.
 *
 * @param attribute the attribute changed
 * @param change how the new value is made
 * @param operand the value, or the right-hand side of the arithmetic; empty for {@link
 *     Change#SET_NULL}
 * @param span the whole assignment
 */
public record Assignment(
    AttributePath attribute, Change change, Optional<Operand> operand, Span span) {
  /** How an {@link Assignment} makes the new value. */
  public enum Change {
    /** {@code attribute = operand} */
    SET(null),
    /** {@code attribute = NULL} */
    SET_NULL(null),
    /** {@code attribute = attribute + operand} */
    ADD("+"),
    /** {@code attribute = attribute - operand} */
    SUBTRACT("-"),
    /** {@code attribute = attribute * operand} */
    MULTIPLY("*"),
    /** {@code attribute = attribute / operand} */
    DIVIDE("/");

    private final String symbol;

    Change(String symbol) {
      this.symbol = symbol;
    }

    /** The arithmetic operator as JDQL writes it, or {@code null} for a plain assignment. */
    public String symbol() {
      return symbol;
    }
  }

  /** Checks that an operand is present exactly when the change needs one. */
  public Assignment {
    Objects.requireNonNull(attribute, "attribute");
    Objects.requireNonNull(change, "change");
    Objects.requireNonNull(operand, "operand");
    if (operand.isPresent() == (change == Change.SET_NULL)) {
      throw new IllegalArgumentException(
          change + " " + (operand.isPresent() ? "takes no" : "needs an") + " operand");
    }
  }

  /** The canonical form: {@code stock = stock - 1}. */
  @Override
  public String toString() {
    switch (change) {
      case SET:
        return attribute + " = " + operand.get();
      case SET_NULL:
        return attribute + " = NULL";
      default:
        return attribute + " = " + attribute + " " + change.symbol() + " " + operand.get();
    }
  }
}
