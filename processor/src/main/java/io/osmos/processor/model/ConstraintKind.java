package io.osmos.processor.model;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import io.osmos.processor.check.Message;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The constraints Osmos implements, each with everything that is known about it in one place: the
 * annotation it is written as, the types it applies to, the attributes it reads and what makes them
 * wrong, its default message, and the code that checks a value against it.
 *
 * <p>The stages use it in turn: the read stage calls {@link #read} and {@link #message}, the check
 * stage {@link #check}, the write stage {@link #addCheck}.
 */
public enum ConstraintKind {
  NOT_NULL(Names.JAKARTA + "NotNull", "must not be null", Applies.ANY),
  NOT_BLANK(Names.JAKARTA + "NotBlank", "must not be blank", Applies.STRING) {
    @Override
    CodeBlock violated(ConstraintInfo c, Site site) {
      return CodeBlock.of("$L.trim().isEmpty()", site.value());
    }
  },
  NOT_EMPTY(Names.JAKARTA + "NotEmpty", "must not be empty", Applies.SIZED) {
    @Override
    CodeBlock violated(ConstraintInfo c, Site site) {
      return scalar(site) == ScalarKind.BYTES
          ? CodeBlock.of("$L.length == 0", site.value())
          : CodeBlock.of("$L.isEmpty()", site.value());
    }
  },
  NULL(Names.JAKARTA + "Null", "must be null", Applies.ANY) {
    @Override
    public void addCheck(CodeBlock.Builder b, ConstraintInfo c, Site site) {
      // Checks run on values that are present: every one violates it.
      b.addStatement("$N.add($S, $L)", site.violations(), c.message(), site.value());
    }
  },
  ASSERT_TRUE(Names.JAKARTA + "AssertTrue", "must be true", Applies.BOOLEAN) {
    @Override
    CodeBlock violated(ConstraintInfo c, Site site) {
      return CodeBlock.of("!$L", site.value());
    }
  },
  ASSERT_FALSE(Names.JAKARTA + "AssertFalse", "must be false", Applies.BOOLEAN) {
    @Override
    CodeBlock violated(ConstraintInfo c, Site site) {
      return site.value();
    }
  },
  SIZE(Names.JAKARTA + "Size", "size must be between {min} and {max}", Applies.SIZED) {
    @Override
    public Attributes read(AnnotationValues in) {
      return Attributes.bounds(in.longValue("min", 0), in.longValue("max", Integer.MAX_VALUE));
    }

    @Override
    void checkAttributes(ConstraintInfo c, String where, Report out) {
      if (c.min() < 0) {
        out.add(Message.CONSTRAINT_SIZE_MIN, c.at("min"), simpleName(), where, c.min());
      } else if (c.max() < 0) {
        out.add(Message.CONSTRAINT_SIZE_MAX, c.at("max"), simpleName(), where, c.max());
      } else if (c.min() > c.max()) {
        out.add(Message.CONSTRAINT_SIZE_RANGE, c.at("max"), simpleName(), where, c.min(), c.max());
      }
    }

    @Override
    CodeBlock violated(ConstraintInfo c, Site site) {
      ScalarKind s = scalar(site);
      CodeBlock v = site.value();
      CodeBlock size =
          s == ScalarKind.STRING
              ? CodeBlock.of("$L.length()", v)
              : s == ScalarKind.BYTES ? CodeBlock.of("$L.length", v) : CodeBlock.of("$L.size()", v);
      List<CodeBlock> parts = new ArrayList<>();
      if (c.min() > 0) {
        parts.add(CodeBlock.of("$L < $L", size, c.min()));
      }
      if (c.max() < Integer.MAX_VALUE) {
        parts.add(CodeBlock.of("$L > $L", size, c.max()));
      }
      return parts.isEmpty() ? null : CodeBlock.join(parts, " || ");
    }
  },
  MIN(Names.JAKARTA + "Min", "must be greater than or equal to {value}", Applies.INTEGRAL) {
    @Override
    public Attributes read(AnnotationValues in) {
      return Attributes.bounds(in.longValue("value", 0), 0);
    }

    @Override
    CodeBlock violated(ConstraintInfo c, Site site) {
      return bound(site, c.min(), "<");
    }
  },
  MAX(Names.JAKARTA + "Max", "must be less than or equal to {value}", Applies.INTEGRAL) {
    @Override
    public Attributes read(AnnotationValues in) {
      return Attributes.bounds(0, in.longValue("value", 0));
    }

    @Override
    CodeBlock violated(ConstraintInfo c, Site site) {
      return bound(site, c.max(), ">");
    }
  },
  DECIMAL_MIN(Names.JAKARTA + "DecimalMin", null, Applies.NUMERIC) {
    @Override
    public Attributes read(AnnotationValues in) {
      return Attributes.decimal(in.string("value"), in.bool("inclusive", true));
    }

    @Override
    String defaultMessage(Attributes a) {
      return a.inclusive()
          ? "must be greater than or equal to {value}"
          : "must be greater than {value}";
    }

    @Override
    void checkAttributes(ConstraintInfo c, String where, Report out) {
      decimalValue(this, c, where, out);
    }

    @Override
    CodeBlock violated(ConstraintInfo c, Site site) {
      return decimalBound(c, site, "min", c.inclusive() ? "<" : "<=");
    }
  },
  DECIMAL_MAX(Names.JAKARTA + "DecimalMax", null, Applies.NUMERIC) {
    @Override
    public Attributes read(AnnotationValues in) {
      return Attributes.decimal(in.string("value"), in.bool("inclusive", true));
    }

    @Override
    String defaultMessage(Attributes a) {
      return a.inclusive() ? "must be less than or equal to {value}" : "must be less than {value}";
    }

    @Override
    void checkAttributes(ConstraintInfo c, String where, Report out) {
      decimalValue(this, c, where, out);
    }

    @Override
    CodeBlock violated(ConstraintInfo c, Site site) {
      return decimalBound(c, site, "max", c.inclusive() ? ">" : ">=");
    }
  },
  DIGITS(
      Names.JAKARTA + "Digits",
      "numeric value out of bounds (<{integer} digits>.<{fraction} digits> expected)",
      Applies.NUMERIC) {
    @Override
    public Attributes read(AnnotationValues in) {
      return Attributes.bounds(in.longValue("integer", 0), in.longValue("fraction", 0));
    }

    @Override
    void checkAttributes(ConstraintInfo c, String where, Report out) {
      if (c.min() < 0 || c.max() < 0) {
        out.add(
            Message.CONSTRAINT_DIGITS,
            c.at(c.min() < 0 ? "integer" : "fraction"),
            simpleName(),
            where);
      }
    }

    @Override
    CodeBlock violated(ConstraintInfo c, Site site) {
      return CodeBlock.of("!$T.digits($L, $L, $L)", Names.CHECKS, site.value(), c.min(), c.max());
    }
  },
  POSITIVE(Names.JAKARTA + "Positive", "must be greater than 0", Applies.NUMERIC) {
    @Override
    CodeBlock violated(ConstraintInfo c, Site site) {
      return sign(site, "> 0");
    }
  },
  POSITIVE_OR_ZERO(
      Names.JAKARTA + "PositiveOrZero", "must be greater than or equal to 0", Applies.NUMERIC) {
    @Override
    CodeBlock violated(ConstraintInfo c, Site site) {
      return sign(site, ">= 0");
    }
  },
  NEGATIVE(Names.JAKARTA + "Negative", "must be less than 0", Applies.NUMERIC) {
    @Override
    CodeBlock violated(ConstraintInfo c, Site site) {
      return sign(site, "< 0");
    }
  },
  NEGATIVE_OR_ZERO(
      Names.JAKARTA + "NegativeOrZero", "must be less than or equal to 0", Applies.NUMERIC) {
    @Override
    CodeBlock violated(ConstraintInfo c, Site site) {
      return sign(site, "<= 0");
    }
  },
  PATTERN(Names.JAKARTA + "Pattern", "must match \"{regexp}\"", Applies.STRING) {
    @Override
    public Attributes read(AnnotationValues in) {
      return Attributes.pattern(in.string("regexp"), flags(in.strings("flags")));
    }

    @Override
    void checkAttributes(ConstraintInfo c, String where, Report out) {
      regexp(this, c, where, out);
    }

    @Override
    CodeBlock violated(ConstraintInfo c, Site site) {
      return CodeBlock.of("!$L.matcher($L).matches()", pattern(c, site), site.value());
    }
  },
  EMAIL(Names.JAKARTA + "Email", "must be a well-formed email address", Applies.STRING) {
    @Override
    public Attributes read(AnnotationValues in) {
      return Attributes.pattern(in.string("regexp"), flags(in.strings("flags")));
    }

    @Override
    void checkAttributes(ConstraintInfo c, String where, Report out) {
      regexp(this, c, where, out);
    }

    @Override
    CodeBlock violated(ConstraintInfo c, Site site) {
      CodeBlock email = CodeBlock.of("!$T.isEmail($L)", Names.CHECKS, site.value());
      if (c.regexp() == null || c.regexp().equals(".*")) {
        return email;
      }
      return CodeBlock.of("$L || !$L.matcher($L).matches()", email, pattern(c, site), site.value());
    }
  },
  PAST(Names.JAKARTA + "Past", "must be a past date", Applies.TEMPORAL) {
    @Override
    CodeBlock violated(ConstraintInfo c, Site site) {
      return CodeBlock.of("!$L.isBefore($L)", site.value(), now(site));
    }
  },
  PAST_OR_PRESENT(
      Names.JAKARTA + "PastOrPresent",
      "must be a date in the past or in the present",
      Applies.TEMPORAL) {
    @Override
    CodeBlock violated(ConstraintInfo c, Site site) {
      return CodeBlock.of("$L.isAfter($L)", site.value(), now(site));
    }
  },
  FUTURE(Names.JAKARTA + "Future", "must be a future date", Applies.TEMPORAL) {
    @Override
    CodeBlock violated(ConstraintInfo c, Site site) {
      return CodeBlock.of("!$L.isAfter($L)", site.value(), now(site));
    }
  },
  FUTURE_OR_PRESENT(
      Names.JAKARTA + "FutureOrPresent",
      "must be a date in the present or in the future",
      Applies.TEMPORAL) {
    @Override
    CodeBlock violated(ConstraintInfo c, Site site) {
      return CodeBlock.of("$L.isBefore($L)", site.value(), now(site));
    }
  },
  ONE_OF("io.osmos.annotations.OneOf", "must be one of {values}", Applies.STRING) {
    @Override
    public Attributes read(AnnotationValues in) {
      return Attributes.values(in.strings("value"));
    }

    @Override
    String template(Attributes a, AnnotationValues in) {
      // @OneOf's own default is a literal template, so it needs no special case.
      return in.string("message");
    }

    @Override
    boolean checkType(ConstraintInfo c, String where, TypeInfo type, String typeName, Report out) {
      if (!applies.accepts(type)) {
        out.add(Message.ONE_OF_TYPE, c.origin(), where, typeName);
        return false;
      }
      return true;
    }

    @Override
    void checkAttributes(ConstraintInfo c, String where, Report out) {
      if (c.values().isEmpty()) {
        out.add(Message.CONSTRAINT_ONE_OF_EMPTY, c.at("value"), simpleName(), where);
      }
      Set<String> seen = new HashSet<>();
      for (String v : c.values()) {
        if (!seen.add(v)) {
          out.add(Message.CONSTRAINT_ONE_OF_TWICE, c.at("value"), simpleName(), where, v);
          break;
        }
      }
    }

    @Override
    CodeBlock violated(ConstraintInfo c, Site site) {
      List<CodeBlock> items = new ArrayList<>();
      for (String value : new LinkedHashSet<>(c.values())) {
        items.add(CodeBlock.of("$S", value));
      }
      CodeBlock values =
          site.constant(
              ParameterizedTypeName.get(Set.class, String.class),
              "values",
              CodeBlock.of("$T.of($L)", Set.class, CodeBlock.join(items, ",$W")));
      return CodeBlock.of("!$L.contains($L)", values, site.value());
    }
  },
  /** A class implementing {@code Validator<T>} checks the value (or the whole type). */
  VALIDATE("io.osmos.annotations.Validate", null, Applies.ANY) {
    @Override
    public String message(Attributes a, AnnotationValues in) {
      return ""; // the validator gives the message
    }

    @Override
    boolean checkType(ConstraintInfo c, String where, TypeInfo type, String typeName, Report out) {
      ValidatorInfo v = c.validator();
      String name = v.simpleName();
      Origin at = c.at("value");
      if (v.type() == null) {
        out.add(Message.VALIDATE_NOT_A_CLASS, at, name, where);
      } else if (!v.type().concrete()) {
        out.add(Message.VALIDATE_ABSTRACT, at, name, where);
      } else if (!v.type().instantiable()) {
        out.add(Message.VALIDATE_CONSTRUCTOR, at, name, where);
      } else if (v.checkedType() == null) {
        out.add(Message.VALIDATE_UNKNOWN_TYPE, at, name, where);
      } else if (!v.fitsValue()) {
        // A validator takes objects: a primitive's wrapper.
        String boxed = type instanceof TypeInfo.Scalar s ? s.kind().javaName(false) : typeName;
        out.add(Message.VALIDATE_TYPE, at, name, where, v.checkedType(), typeName, boxed);
      }
      return false; // nothing else to check
    }

    @Override
    public void addCheck(CodeBlock.Builder b, ConstraintInfo c, Site site) {
      ClassName cls = c.validator().type().name();
      CodeBlock validator = site.constant(cls, "validator", CodeBlock.of("new $T()", cls));
      String message = site.local("message");
      b.addStatement("$T $N = $L.check($L)", String.class, message, validator, site.value());
      b.beginControlFlow("if ($N != null)", message)
          .addStatement("$N.add($N, $L)", site.violations(), message, site.value())
          .endControlFlow();
    }
  },
  /** A Jakarta constraint Osmos does not implement; reported, never generated. */
  UNSUPPORTED("", null, Applies.ANY) {
    @Override
    boolean checkType(ConstraintInfo c, String where, TypeInfo type, String typeName, Report out) {
      String name = c.annotation().substring(JAKARTA_PACKAGE.length() + 1);
      out.add(
          name.endsWith(".List") ? Message.CONSTRAINT_REPEATED : Message.CONSTRAINT_UNSUPPORTED,
          c.origin(),
          name,
          where);
      return false;
    }
  };

  /** The package of the Jakarta constraints; any other annotation from it is unsupported. */
  public static final String JAKARTA_PACKAGE = "jakarta.validation.constraints";

  private final String annotation;
  private final String defaultMessage;
  final Applies applies;

  ConstraintKind(String annotation, String defaultMessage, Applies applies) {
    this.annotation = annotation;
    this.defaultMessage = defaultMessage;
    this.applies = applies;
  }

  /** The annotation's qualified name. */
  public String annotation() {
    return annotation;
  }

  /** The annotation's simple name, for messages. */
  public String simpleName() {
    return annotation.substring(annotation.lastIndexOf('.') + 1);
  }

  /** Whether the constraint fails on null (the others accept null). */
  public boolean rejectsNull() {
    return this == NOT_NULL || this == NOT_BLANK || this == NOT_EMPTY;
  }

  /** The kind for an annotation name, or null. */
  public static ConstraintKind forAnnotation(String qualifiedName) {
    for (ConstraintKind k : values()) {
      if (k != UNSUPPORTED && k.annotation.equals(qualifiedName)) {
        return k;
      }
    }
    return null;
  }

  // ---- read -------------------------------------------------------------------------------------

  /** The attributes this constraint takes, read from the annotation. */
  public Attributes read(AnnotationValues in) {
    return Attributes.NONE;
  }

  /**
   * The message a violation reports: the user's, else Jakarta's default, with the attribute tokens
   * ({@code {min}}, {@code {value}}, ...) replaced once, here.
   */
  public String message(Attributes a, AnnotationValues in) {
    String template = template(a, in);
    if (template == null) {
      template = defaultMessage(a);
    }
    String min = String.valueOf(a.min());
    String max = String.valueOf(a.max());
    String value =
        switch (this) {
          case MIN -> min;
          case MAX -> max;
          default -> a.decimal() == null ? "" : a.decimal();
        };
    return template
        .replace("{min}", min)
        .replace("{max}", max)
        .replace("{integer}", min)
        .replace("{fraction}", max)
        .replace("{value}", value)
        .replace("{inclusive}", String.valueOf(a.inclusive()))
        .replace("{regexp}", a.regexp() == null ? "" : a.regexp())
        .replace("{values}", String.valueOf(a.values()));
  }

  // The message template the user wrote, or null for the default.
  String template(Attributes a, AnnotationValues in) {
    return in.written("message");
  }

  // Jakarta's default message template.
  String defaultMessage(Attributes a) {
    return defaultMessage;
  }

  // ---- check ------------------------------------------------------------------------------------

  /** Receives what a constraint's rules find wrong. */
  @FunctionalInterface
  public interface Report {
    void add(Message message, Origin at, Object... args);
  }

  /**
   * Checks {@code c}: that it applies to the value it is on, then that its attributes make sense.
   *
   * @param where what messages call the value: {@code field email}
   * @param type the value's type; null for a constraint on a whole type
   * @param typeName that type as users write it
   */
  public void check(ConstraintInfo c, String where, TypeInfo type, String typeName, Report out) {
    if (checkType(c, where, type, typeName, out)) {
      checkAttributes(c, where, out);
    }
  }

  // Whether the constraint applies to the type; reports it when not.
  boolean checkType(ConstraintInfo c, String where, TypeInfo type, String typeName, Report out) {
    if (!applies.accepts(type)) {
      out.add(
          Message.CONSTRAINT_TYPE, c.origin(), simpleName(), where, typeName, applies.description);
      return false;
    }
    return true;
  }

  // The rules for the attribute values.
  void checkAttributes(ConstraintInfo c, String where, Report out) {}

  // ---- write ------------------------------------------------------------------------------------

  /** Where a check is generated: the value it checks, and what the generated class offers. */
  public interface Site {
    /** The value, known not to be null. */
    CodeBlock value();

    /** The value's type. */
    TypeInfo type();

    /** The {@code Violations} variable. */
    String violations();

    /**
     * A static constant of the generated class, named after the checked field and {@code what};
     * returns the expression that reads it.
     */
    CodeBlock constant(TypeName type, String what, CodeBlock init);

    /** A fresh local variable name. */
    String local(String suggestion);
  }

  /**
   * Adds the statements that check a present value at {@code site} and add {@code c}'s message to
   * the violations when it fails. (Constraints that reject null are checked before, by the caller.)
   */
  public void addCheck(CodeBlock.Builder b, ConstraintInfo c, Site site) {
    CodeBlock violated = violated(c, site);
    if (violated == null) {
      return;
    }
    b.beginControlFlow("if ($L)", violated)
        .addStatement("$N.add($S, $L)", site.violations(), c.message(), site.value())
        .endControlFlow();
  }

  // The condition under which a present value violates c; null for never.
  CodeBlock violated(ConstraintInfo c, Site site) {
    return null;
  }

  // ---- shared by several kinds ------------------------------------------------------------------

  private static ScalarKind scalar(Site site) {
    return site.type() instanceof TypeInfo.Scalar s ? s.kind() : null;
  }

  private static CodeBlock bound(Site site, long bound, String op) {
    ScalarKind s = scalar(site);
    if (s == ScalarKind.DECIMAL || s == ScalarKind.BIG_INTEGER) {
      Class<?> cls = s == ScalarKind.DECIMAL ? BigDecimal.class : BigInteger.class;
      return CodeBlock.of("$L.compareTo($T.valueOf($LL)) $L 0", site.value(), cls, bound, op);
    }
    return CodeBlock.of("$L $L $LL", site.value(), op, bound);
  }

  private static void decimalValue(ConstraintKind k, ConstraintInfo c, String where, Report out) {
    try {
      new BigDecimal(c.decimal());
    } catch (NumberFormatException | NullPointerException e) {
      out.add(Message.CONSTRAINT_DECIMAL, c.at("value"), k.simpleName(), where, c.decimal());
    }
  }

  private static CodeBlock decimalBound(ConstraintInfo c, Site site, String what, String op) {
    ScalarKind s = scalar(site);
    CodeBlock v = site.value();
    if (s != null && s.floating()) {
      double d = new BigDecimal(c.decimal()).doubleValue();
      return CodeBlock.of("$T.compare($L, $L) $L 0", Double.class, v, Double.toString(d), op);
    }
    CodeBlock constant =
        site.constant(
            TypeName.get(BigDecimal.class),
            what,
            CodeBlock.of("new $T($S)", BigDecimal.class, c.decimal()));
    CodeBlock asDecimal =
        s == ScalarKind.DECIMAL
            ? v
            : s == ScalarKind.BIG_INTEGER
                ? CodeBlock.of("new $T($L)", BigDecimal.class, v)
                : CodeBlock.of("$T.valueOf($L)", BigDecimal.class, v);
    return CodeBlock.of("$L.compareTo($L) $L 0", asDecimal, constant, op);
  }

  private static CodeBlock sign(Site site, String test) {
    ScalarKind s = scalar(site);
    if (s == ScalarKind.DECIMAL || s == ScalarKind.BIG_INTEGER) {
      return CodeBlock.of("!($L.signum() $L)", site.value(), test);
    }
    // Written as a negation so NaN fails every sign check.
    return CodeBlock.of("!($L $L)", site.value(), test);
  }

  private static CodeBlock now(Site site) {
    String violations = site.violations();
    return switch (scalar(site)) {
      case LOCAL_DATE ->
          CodeBlock.of(
              "$T.ofInstant($N.now(), $N.clock().getZone())",
              LocalDate.class,
              violations,
              violations);
      case LOCAL_DATE_TIME ->
          CodeBlock.of(
              "$T.ofInstant($N.now(), $N.clock().getZone())",
              LocalDateTime.class,
              violations,
              violations);
      default -> CodeBlock.of("$N.now()", violations);
    };
  }

  private static void regexp(ConstraintKind k, ConstraintInfo c, String where, Report out) {
    try {
      Pattern.compile(c.regexp(), c.flags());
    } catch (PatternSyntaxException e) {
      out.add(
          Message.CONSTRAINT_REGEXP,
          c.at("regexp"),
          k.simpleName(),
          where,
          e.getDescription(),
          e.getIndex(),
          c.regexp());
    }
  }

  // The names and values of jakarta.validation.constraints.Pattern.Flag, in the same order.
  private static final String[] FLAG_NAMES = {
    "UNIX_LINES", "CASE_INSENSITIVE", "COMMENTS", "MULTILINE", "DOTALL", "UNICODE_CASE", "CANON_EQ"
  };
  private static final int[] FLAG_VALUES = {
    Pattern.UNIX_LINES,
    Pattern.CASE_INSENSITIVE,
    Pattern.COMMENTS,
    Pattern.MULTILINE,
    Pattern.DOTALL,
    Pattern.UNICODE_CASE,
    Pattern.CANON_EQ
  };

  private static int flags(List<String> names) {
    int flags = 0;
    for (String n : names) {
      for (int i = 0; i < FLAG_NAMES.length; i++) {
        if (FLAG_NAMES[i].equals(n)) {
          flags |= FLAG_VALUES[i];
        }
      }
    }
    return flags;
  }

  // The compiled pattern, a constant of the generated class.
  private static CodeBlock pattern(ConstraintInfo c, Site site) {
    List<CodeBlock> flagCode = new ArrayList<>();
    for (int i = 0; i < FLAG_NAMES.length; i++) {
      if ((c.flags() & FLAG_VALUES[i]) != 0) {
        flagCode.add(CodeBlock.of("$T.$N", Pattern.class, FLAG_NAMES[i]));
      }
    }
    CodeBlock init =
        flagCode.isEmpty()
            ? CodeBlock.of("$T.compile($S)", Pattern.class, c.regexp())
            : CodeBlock.of(
                "$T.compile($S, $L)", Pattern.class, c.regexp(), CodeBlock.join(flagCode, " | "));
    return site.constant(TypeName.get(Pattern.class), "pattern", init);
  }

  /**
   * The attribute values of a constraint: each kind reads the ones it takes.
   *
   * @param min {@code Size.min}, {@code Min.value}, {@code Digits.integer}
   * @param max {@code Size.max}, {@code Max.value}, {@code Digits.fraction}
   * @param decimal {@code DecimalMin/DecimalMax.value}
   * @param inclusive {@code DecimalMin/DecimalMax.inclusive}
   * @param regexp {@code Pattern.regexp}, {@code Email.regexp}
   * @param flags {@code java.util.regex.Pattern} flags
   * @param values {@code OneOf.value}
   */
  public record Attributes(
      long min,
      long max,
      String decimal,
      boolean inclusive,
      String regexp,
      int flags,
      List<String> values) {
    public Attributes {
      values = values == null ? List.of() : List.copyOf(values);
    }

    /** No attributes. */
    public static final Attributes NONE = new Attributes(0, 0, null, true, null, 0, List.of());

    static Attributes bounds(long min, long max) {
      return new Attributes(min, max, null, true, null, 0, List.of());
    }

    static Attributes decimal(String value, boolean inclusive) {
      return new Attributes(0, 0, value, inclusive, null, 0, List.of());
    }

    static Attributes pattern(String regexp, int flags) {
      return new Attributes(0, 0, null, true, regexp, flags, List.of());
    }

    static Attributes values(List<String> values) {
      return new Attributes(0, 0, null, true, null, 0, values);
    }
  }

  // The types a constraint applies to.
  enum Applies {
    ANY(null),
    STRING("String"),
    SIZED("String, byte[], List, Set and Map"),
    INTEGRAL("byte, short, int, long, their wrappers, BigDecimal and BigInteger"),
    NUMERIC("byte, short, int, long, float, double, their wrappers, BigDecimal and BigInteger"),
    TEMPORAL("Instant, LocalDate and LocalDateTime"),
    BOOLEAN("boolean and Boolean");

    final String description;

    Applies(String description) {
      this.description = description;
    }

    boolean accepts(TypeInfo type) {
      ScalarKind s = type instanceof TypeInfo.Scalar sc ? sc.kind() : null;
      return switch (this) {
        case ANY -> true;
        case STRING -> s == ScalarKind.STRING;
        case SIZED ->
            s == ScalarKind.STRING
                || s == ScalarKind.BYTES
                || type instanceof TypeInfo.ListOf
                || type instanceof TypeInfo.SetOf
                || type instanceof TypeInfo.MapOf;
        case INTEGRAL ->
            s != null && (s.integral() || s == ScalarKind.DECIMAL || s == ScalarKind.BIG_INTEGER);
        case NUMERIC ->
            s != null && (s.number() || s == ScalarKind.DECIMAL || s == ScalarKind.BIG_INTEGER);
        case TEMPORAL ->
            s == ScalarKind.INSTANT
                || s == ScalarKind.LOCAL_DATE
                || s == ScalarKind.LOCAL_DATE_TIME;
        case BOOLEAN -> s == ScalarKind.BOOLEAN;
      };
    }
  }

  // Names the constants above use; a nested class, as an enum's constants cannot refer to its own
  // static fields.
  private static final class Names {
    static final String JAKARTA = "jakarta.validation.constraints.";
    static final ClassName CHECKS = ClassName.get("io.osmos.validation", "Checks");
  }
}
