package io.osmos.processor.query;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A value an attribute is compared with: a parameter bound at each call, a literal, or the current
 * date or time.
 */
public sealed interface Operand permits Operand.Parameter, Operand.Literal, Operand.LocalNow {
  /** Where the operand is written. */
  Span span();

  /** A value supplied by the caller of the repository method. */
  sealed interface Parameter extends Operand permits Named, Positional {}

  /** A value written in the query. */
  sealed interface Literal extends Operand
      permits StringLiteral, IntegerLiteral, DecimalLiteral, BooleanLiteral, EnumLiteral {}

  /**
   * A named parameter, {@code :name}: bound to the method parameter of that name (or
   * {@code @Param("name")}).
   *
   * @param name the name, without the colon
   * @param span where {@code :name} is written
   */
  record Named(String name, Span span) implements Parameter {
    /** Checks the name is present. */
    public Named {
      Objects.requireNonNull(name, "name");
    }

    /** The canonical form: {@code :name}. */
    @Override
    public String toString() {
      return ":" + name;
    }
  }

  /**
   * A positional parameter, {@code ?1}: bound to the method parameter at that position, from 1.
   * Plans read from method names use positional parameters too, numbered as the method's parameters
   * that carry query values.
   *
   * @param position the position, from 1
   * @param span where {@code ?1} is written
   */
  record Positional(int position, Span span) implements Parameter {
    /** Checks the position counts from 1. */
    public Positional {
      if (position < 1) {
        throw new IllegalArgumentException("parameter positions count from 1, found " + position);
      }
    }

    /** The canonical form: {@code ?1}. */
    @Override
    public String toString() {
      return "?" + position;
    }
  }

  /**
   * A string literal, {@code 'it''s'} in JDQL.
   *
   * @param value the text, with {@code ''} read as one quote
   * @param span where the literal is written, quotes included
   */
  record StringLiteral(String value, Span span) implements Literal {
    /** Checks the value is present. */
    public StringLiteral {
      Objects.requireNonNull(value, "value");
    }

    /** The canonical form: the JDQL literal, quotes doubled. */
    @Override
    public String toString() {
      return "'" + value.replace("'", "''") + "'";
    }
  }

  /**
   * A whole number, {@code 42} or {@code 42L}.
   *
   * @param value the number
   * @param span where the literal is written
   */
  record IntegerLiteral(long value, Span span) implements Literal {
    /** The canonical form: the number in decimal. */
    @Override
    public String toString() {
      return Long.toString(value);
    }
  }

  /**
   * A number with a fraction or an exponent, {@code 9.99}.
   *
   * @param value the number, with the scale as written
   * @param span where the literal is written
   */
  record DecimalLiteral(BigDecimal value, Span span) implements Literal {
    /** Checks the value is present. */
    public DecimalLiteral {
      Objects.requireNonNull(value, "value");
    }

    /** The canonical form: the number without an exponent. */
    @Override
    public String toString() {
      return value.toPlainString();
    }
  }

  /**
   * {@code TRUE} or {@code FALSE}.
   *
   * @param value the truth value
   * @param span where the literal is written
   */
  record BooleanLiteral(boolean value, Span span) implements Literal {
    /** The canonical form: {@code TRUE} or {@code FALSE}. */
    @Override
    public String toString() {
      return value ? "TRUE" : "FALSE";
    }
  }

  /**
   * An enum constant written with its type, {@code Status.ACTIVE} or {@code
   * com.acme.Status.ACTIVE}. The parser only splits the name; the resolver finds the type (by
   * simple name among the types the entity uses, or by qualified name) and checks the constant.
   *
   * @param typeName everything before the last dot: {@code Status} or {@code com.acme.Status}
   * @param constant the constant's name, after the last dot
   * @param span where the whole name is written
   */
  record EnumLiteral(String typeName, String constant, Span span) implements Literal {
    /** Checks both parts are present. */
    public EnumLiteral {
      Objects.requireNonNull(typeName, "typeName");
      Objects.requireNonNull(constant, "constant");
    }

    /** The canonical form: {@code Type.CONSTANT}. */
    @Override
    public String toString() {
      return typeName + "." + constant;
    }
  }

  /**
   * JDQL's {@code LOCAL DATE}, {@code LOCAL TIME} or {@code LOCAL DATETIME}: the current date or
   * time, taken when the query runs.
   *
   * @param kind which of the three
   * @param span where it is written
   */
  record LocalNow(Kind kind, Span span) implements Operand {
    /** Which current value: its Java type is {@code java.time.Local<kind>}. */
    public enum Kind {
      /** {@code LOCAL DATE}, a {@code java.time.LocalDate}. */
      DATE,
      /** {@code LOCAL TIME}, a {@code java.time.LocalTime}. */
      TIME,
      /** {@code LOCAL DATETIME}, a {@code java.time.LocalDateTime}. */
      DATETIME
    }

    /** Checks the kind is present. */
    public LocalNow {
      Objects.requireNonNull(kind, "kind");
    }

    /** The canonical form: {@code LOCAL DATE}. */
    @Override
    public String toString() {
      return "LOCAL " + kind.name();
    }
  }
}
