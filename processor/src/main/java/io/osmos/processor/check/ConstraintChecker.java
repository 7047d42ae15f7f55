package io.osmos.processor.check;

import io.osmos.processor.model.ConstraintInfo;
import io.osmos.processor.model.ConstraintKind;
import io.osmos.processor.model.ScalarKind;
import io.osmos.processor.model.TypeInfo;
import io.osmos.processor.model.TypeUse;
import io.osmos.processor.model.ValidatorInfo;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks constraints: that each fits the type it is on (including container elements), that its
 * attributes make sense, and that {@code @Validate} names a usable validator.
 */
final class ConstraintChecker {
  private final Reporter reporter;

  ConstraintChecker(Reporter reporter) {
    this.reporter = reporter;
  }

  /**
   * Checks the constraints on a field (of {@code type}) and those on its type arguments.
   *
   * @param where what to call the checked value in messages: {@code field email}
   */
  void check(String where, TypeInfo type, List<ConstraintInfo> constraints) {
    TypeInfo target = type instanceof TypeInfo.OptionalOf o ? o.value().type() : type;
    for (ConstraintInfo c : constraints) {
      checkOne(where, target, c);
    }
    checkNested(where, type);
  }

  private void checkNested(String where, TypeInfo type) {
    TypeUse inner = type.inner();
    if (inner == null) {
      return;
    }
    String elementWhere = type instanceof TypeInfo.OptionalOf ? where : "the elements of " + where;
    for (ConstraintInfo c : inner.constraints()) {
      checkOne(elementWhere, inner.type(), c);
    }
    checkNested(where, inner.type());
  }

  private void checkOne(String where, TypeInfo type, ConstraintInfo c) {
    ConstraintKind kind = c.kind();
    String typeText = type.display();
    switch (kind) {
      case UNSUPPORTED -> {
        String name = c.annotation().substring(ConstraintKind.JAKARTA_PACKAGE.length() + 1);
        reporter.error(
            Message.CONSTRAINT_UNSUPPORTED,
            c.origin(),
            name,
            where,
            name.endsWith(".List")
                ? " (a constraint repeated on one field; combine the conditions into one)"
                : "");
        return;
      }
      case VALIDATE -> {
        checkValidator(where, typeText, c);
        return;
      }
      case ONE_OF -> {
        if (!isScalar(type, ScalarKind.STRING)) {
          reporter.error(Message.ONE_OF_TYPE, c.origin(), where, typeText);
          return;
        }
      }
      default -> {
        String appliesTo = appliesTo(kind, type);
        if (appliesTo != null) {
          reporter.error(
              Message.CONSTRAINT_TYPE, c.origin(), kind.simpleName(), where, typeText, appliesTo);
          return;
        }
      }
    }
    checkValues(where, c);
  }

  /** Null when {@code kind} applies to {@code type}, else the types it applies to. */
  static String appliesTo(ConstraintKind kind, TypeInfo type) {
    ScalarKind s = type instanceof TypeInfo.Scalar sc ? sc.kind() : null;
    return switch (kind) {
      case NOT_NULL, NULL -> null;
      case NOT_BLANK -> s == ScalarKind.STRING ? null : "String";
      case NOT_EMPTY, SIZE ->
          s == ScalarKind.STRING
                  || s == ScalarKind.BYTES
                  || type instanceof TypeInfo.ListOf
                  || type instanceof TypeInfo.SetOf
                  || type instanceof TypeInfo.MapOf
              ? null
              : "String, byte[], List, Set and Map";
      case MIN, MAX ->
          s != null && (s.integral() || s == ScalarKind.DECIMAL || s == ScalarKind.BIG_INTEGER)
              ? null
              : "byte, short, int, long, their wrappers, BigDecimal and BigInteger";
      case DECIMAL_MIN,
              DECIMAL_MAX,
              DIGITS,
              POSITIVE,
              POSITIVE_OR_ZERO,
              NEGATIVE,
              NEGATIVE_OR_ZERO ->
          s != null && (s.number() || s == ScalarKind.DECIMAL || s == ScalarKind.BIG_INTEGER)
              ? null
              : "byte, short, int, long, float, double, their wrappers, BigDecimal and"
                  + " BigInteger";
      case PATTERN, EMAIL -> s == ScalarKind.STRING ? null : "String";
      case PAST, PAST_OR_PRESENT, FUTURE, FUTURE_OR_PRESENT ->
          s == ScalarKind.INSTANT || s == ScalarKind.LOCAL_DATE || s == ScalarKind.LOCAL_DATE_TIME
              ? null
              : "Instant, LocalDate and LocalDateTime";
      case ASSERT_TRUE, ASSERT_FALSE -> s == ScalarKind.BOOLEAN ? null : "boolean and Boolean";
      default -> null;
    };
  }

  private void checkValues(String where, ConstraintInfo c) {
    String name = c.kind().simpleName();
    switch (c.kind()) {
      case SIZE -> {
        if (c.min() < 0) {
          reporter.error(
              Message.CONSTRAINT_VALUE,
              at(c, "min"),
              name,
              where,
              "min is " + c.min() + "; a size cannot be negative");
        } else if (c.max() < 0) {
          reporter.error(
              Message.CONSTRAINT_VALUE,
              at(c, "max"),
              name,
              where,
              "max is " + c.max() + "; a size cannot be negative");
        } else if (c.min() > c.max()) {
          reporter.error(
              Message.CONSTRAINT_VALUE,
              at(c, "max"),
              name,
              where,
              "min ("
                  + c.min()
                  + ") is greater than max ("
                  + c.max()
                  + "); no value could be valid");
        }
      }
      case DIGITS -> {
        if (c.min() < 0 || c.max() < 0) {
          reporter.error(
              Message.CONSTRAINT_VALUE,
              at(c, c.min() < 0 ? "integer" : "fraction"),
              name,
              where,
              "integer and fraction must not be negative");
        }
      }
      case DECIMAL_MIN, DECIMAL_MAX -> {
        try {
          new BigDecimal(c.decimal());
        } catch (NumberFormatException | NullPointerException e) {
          reporter.error(
              Message.CONSTRAINT_VALUE,
              at(c, "value"),
              name,
              where,
              "\"" + c.decimal() + "\" is not a decimal number; write it like \"10\" or \"0.5\"");
        }
      }
      case PATTERN, EMAIL -> {
        try {
          Pattern.compile(c.regexp(), c.flags());
        } catch (PatternSyntaxException e) {
          reporter.error(
              Message.CONSTRAINT_VALUE,
              at(c, "regexp"),
              name,
              where,
              "the regular expression does not compile: "
                  + e.getDescription()
                  + " near index "
                  + e.getIndex()
                  + " of \""
                  + c.regexp()
                  + "\"");
        }
      }
      case ONE_OF -> {
        if (c.values().isEmpty()) {
          reporter.error(
              Message.CONSTRAINT_VALUE,
              at(c, "value"),
              name,
              where,
              "no value is allowed; list the allowed values, e.g. @OneOf({\"a\", \"b\"})");
        }
        Set<String> seen = new HashSet<>();
        for (String v : c.values()) {
          if (!seen.add(v)) {
            reporter.error(
                Message.CONSTRAINT_VALUE,
                at(c, "value"),
                name,
                where,
                "\"" + v + "\" is listed twice; list each allowed value once");
            break;
          }
        }
      }
      default -> {}
    }
  }

  private static io.osmos.processor.model.Origin at(ConstraintInfo c, String attribute) {
    return c.at(attribute);
  }

  /** Checks a {@code @Validate} on a value of type {@code typeText}. */
  void checkValidator(String where, String typeText, ConstraintInfo c) {
    ValidatorInfo v = c.validator();
    String vName = v.simpleName();
    var at = at(c, "value");
    if (v.type() == null) {
      reporter.error(Message.VALIDATE_INVALID, at, vName, where, "the validator is not a class");
      return;
    }
    if (!v.type().concrete()) {
      reporter.error(
          Message.VALIDATE_INVALID,
          at,
          vName,
          where,
          vName
              + " is abstract or an interface; name a concrete class (generated code creates"
              + " one instance with new "
              + vName
              + "())");
      return;
    }
    if (!v.type().instantiable()) {
      reporter.error(
          Message.VALIDATE_INVALID,
          at,
          vName,
          where,
          vName
              + " needs a public no-argument constructor (generated code creates one instance"
              + " with new "
              + vName
              + "()), and must be a public or package-level class");
      return;
    }
    if (v.checkedType() == null) {
      reporter.error(
          Message.VALIDATE_INVALID,
          at,
          vName,
          where,
          "cannot tell which type " + vName + " checks; implement Validator<T> with a concrete T");
      return;
    }
    if (!v.fitsValue()) {
      reporter.error(
          Message.VALIDATE_INVALID,
          at,
          vName,
          where,
          vName
              + " checks "
              + v.checkedType()
              + " values, but "
              + where
              + " is a "
              + typeText
              + "; use a Validator<"
              + typeText
              + ">");
    }
  }

  private static boolean isScalar(TypeInfo t, ScalarKind kind) {
    return t instanceof TypeInfo.Scalar s && s.kind() == kind;
  }
}
