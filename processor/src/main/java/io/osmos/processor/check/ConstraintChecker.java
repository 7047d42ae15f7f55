package io.osmos.processor.check;

import io.osmos.processor.model.ConstraintInfo;
import io.osmos.processor.model.ConstraintKind;
import io.osmos.processor.model.ScalarKind;
import io.osmos.processor.model.TypeInfo;
import io.osmos.processor.model.TypeUse;
import io.osmos.processor.read.Annotations;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks constraints: that each fits the type it is on (including container elements), that its
 * attributes make sense, and that {@code @Validate} names a usable validator.
 */
final class ConstraintChecker {
  private static final String VALIDATOR = "io.osmos.annotations.Validator";

  private final Types types;
  private final Elements elements;
  private final Reporter reporter;

  ConstraintChecker(Types types, Elements elements, Reporter reporter) {
    this.types = types;
    this.elements = elements;
    this.reporter = reporter;
  }

  /**
   * Checks the constraints on a field (of {@code type}) and those on its type arguments.
   *
   * @param where what to call the checked value in messages: {@code field email}
   * @param mirror the declared type, for {@code @Validate}
   */
  void check(
      String where,
      TypeInfo type,
      TypeMirror mirror,
      List<ConstraintInfo> constraints,
      String packageName) {
    TypeInfo target = type;
    TypeMirror targetMirror = mirror;
    // Constraints on an Optional apply to its value, so a @Validate checks the value's type.
    if (type instanceof TypeInfo.OptionalOf o) {
      target = o.value().type();
      targetMirror =
          mirror instanceof DeclaredType d && d.getTypeArguments().size() == 1
              ? d.getTypeArguments().get(0)
              : null;
    }
    for (ConstraintInfo c : constraints) {
      checkOne(where, target, targetMirror, c, packageName);
    }
    checkNested(where, type, packageName);
  }

  private void checkNested(String where, TypeInfo type, String packageName) {
    TypeUse inner = inner(type);
    if (inner == null) {
      return;
    }
    String elementWhere = type instanceof TypeInfo.OptionalOf ? where : "the elements of " + where;
    for (ConstraintInfo c : inner.constraints()) {
      checkOne(elementWhere, inner.type(), null, c, packageName);
    }
    checkNested(where, inner.type(), packageName);
  }

  private void checkOne(
      String where, TypeInfo type, TypeMirror mirror, ConstraintInfo c, String packageName) {
    ConstraintKind kind = c.kind();
    String typeText = display(type);
    switch (kind) {
      case UNSUPPORTED -> {
        String name =
            Annotations.nameOf(c.origin().mirror())
                .substring(ConstraintKind.JAKARTA_PACKAGE.length() + 1);
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
        checkValidator(where, type, mirror, c, packageName);
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

  private io.osmos.processor.model.Origin at(ConstraintInfo c, String attribute) {
    AnnotationValue v = Annotations.explicit(c.origin().mirror(), attribute);
    return v == null ? c.origin() : c.origin().at(v);
  }

  /** Checks a {@code @Validate} on a value of {@code type}; {@code mirror} may be null. */
  void checkValidator(
      String where, TypeInfo type, TypeMirror mirror, ConstraintInfo c, String packageName) {
    TypeMirror v = c.validator();
    String vName = v == null ? "?" : ((DeclaredType) v).asElement().getSimpleName().toString();
    var at = at(c, "value");
    if (!(v instanceof DeclaredType dv) || !(dv.asElement() instanceof TypeElement te)) {
      reporter.error(Message.VALIDATE_INVALID, at, vName, where, "the validator is not a class");
      return;
    }
    if (te.getKind() != ElementKind.CLASS || te.getModifiers().contains(Modifier.ABSTRACT)) {
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
    if (!instantiable(te, packageName)) {
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
    TypeMirror checked = typeArgument(te.asType(), VALIDATOR);
    if (checked == null) {
      reporter.error(
          Message.VALIDATE_INVALID,
          at,
          vName,
          where,
          "cannot tell which type " + vName + " checks; implement Validator<T> with a concrete T");
      return;
    }
    TypeMirror value = mirror == null ? null : boxed(mirror);
    if (value != null && !types.isAssignable(types.erasure(value), types.erasure(checked))) {
      reporter.error(
          Message.VALIDATE_INVALID,
          at,
          vName,
          where,
          vName
              + " checks "
              + io.osmos.processor.read.TypeReader.display(checked)
              + " values, but "
              + where
              + " is a "
              + display(type)
              + "; use a Validator<"
              + display(type)
              + ">");
    }
  }

  /** Whether generated code in {@code packageName} can call {@code new T()}. */
  boolean instantiable(TypeElement te, String packageName) {
    boolean samePackage = elements.getPackageOf(te).getQualifiedName().contentEquals(packageName);
    if (!te.getModifiers().contains(Modifier.PUBLIC) && !samePackage) {
      return false;
    }
    if (te.getNestingKind().isNested() && !te.getModifiers().contains(Modifier.STATIC)) {
      return false;
    }
    for (ExecutableElement ctor : ElementFilter.constructorsIn(te.getEnclosedElements())) {
      if (ctor.getParameters().isEmpty()
          && (ctor.getModifiers().contains(Modifier.PUBLIC)
              || (samePackage && !ctor.getModifiers().contains(Modifier.PRIVATE)))) {
        return true;
      }
    }
    return false;
  }

  /** The (single or first) type argument {@code type} gives the generic interface {@code iface}. */
  TypeMirror typeArgument(TypeMirror type, String iface) {
    java.util.ArrayDeque<TypeMirror> queue = new java.util.ArrayDeque<>();
    queue.add(type);
    while (!queue.isEmpty()) {
      TypeMirror t = queue.poll();
      if (t instanceof DeclaredType d
          && ((TypeElement) d.asElement()).getQualifiedName().contentEquals(iface)) {
        if (d.getTypeArguments().isEmpty()) {
          return null;
        }
        TypeMirror a = d.getTypeArguments().get(0);
        return a instanceof DeclaredType || a.getKind() == javax.lang.model.type.TypeKind.ARRAY
            ? a
            : null;
      }
      queue.addAll(types.directSupertypes(t));
    }
    return null;
  }

  TypeMirror boxed(TypeMirror t) {
    return t.getKind().isPrimitive()
        ? types.boxedClass((javax.lang.model.type.PrimitiveType) t).asType()
        : t;
  }

  private static boolean isScalar(TypeInfo t, ScalarKind kind) {
    return t instanceof TypeInfo.Scalar s && s.kind() == kind;
  }

  /** The element of a List or Set, the value of a Map or Optional; null for other types. */
  static TypeUse inner(TypeInfo type) {
    if (type instanceof TypeInfo.ListOf l) {
      return l.element();
    } else if (type instanceof TypeInfo.SetOf s) {
      return s.element();
    } else if (type instanceof TypeInfo.MapOf m) {
      return m.value();
    } else if (type instanceof TypeInfo.OptionalOf o) {
      return o.value();
    }
    return null;
  }

  /** A type as users write it: {@code List<String>}, {@code int}. */
  static String display(TypeInfo type) {
    if (type instanceof TypeInfo.Scalar s) {
      return s.kind().javaName(s.primitive());
    } else if (type instanceof TypeInfo.Enumeration e) {
      return e.name().simpleName();
    } else if (type instanceof TypeInfo.Embedded e) {
      return e.name().simpleName();
    } else if (type instanceof TypeInfo.NotEmbeddable e) {
      return e.name().simpleName();
    } else if (type instanceof TypeInfo.ListOf l) {
      return "List<" + display(l.element().type()) + ">";
    } else if (type instanceof TypeInfo.SetOf s) {
      return "Set<" + display(s.element().type()) + ">";
    } else if (type instanceof TypeInfo.MapOf m) {
      return "Map<String, " + display(m.value().type()) + ">";
    } else if (type instanceof TypeInfo.OptionalOf o) {
      return "Optional<" + display(o.value().type()) + ">";
    } else if (type instanceof TypeInfo.Converted c) {
      return simple(c.appType().toString());
    }
    return ((TypeInfo.Unsupported) type).display();
  }

  private static String simple(String qualified) {
    return qualified.replaceAll("\\b[a-z][a-z0-9_]*\\.", "");
  }
}
