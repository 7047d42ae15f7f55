package io.osmos.processor.read;

import io.osmos.processor.model.ConstraintInfo;
import io.osmos.processor.model.ConstraintKind;
import io.osmos.processor.model.Origin;
import io.osmos.processor.model.ValidatorInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Turns constraint annotations ({@code jakarta.validation.constraints.*}, {@code @OneOf},
 * {@code @Validate}) into {@link ConstraintInfo}s, matching them by qualified name. Messages are
 * resolved here, once: Jakarta's default text, or the user's with {@code {min}}-style tokens
 * replaced.
 */
final class ConstraintReader {
  private static final String VALIDATOR = "io.osmos.annotations.Validator";

  private final Annotations annotations;
  private final Elements elements;
  private final Types types;
  private final NamedClassReader classes;

  ConstraintReader(
      Annotations annotations, Elements elements, Types types, NamedClassReader classes) {
    this.annotations = annotations;
    this.elements = elements;
    this.types = types;
    this.classes = classes;
  }

  /**
   * The constraints among {@code mirrors}, reported at {@code element}. Later occurrences of an
   * annotation type already in {@code seen} are skipped (a record component's annotation is seen on
   * its field, accessor and constructor parameter alike).
   *
   * @param packageName the package generated code lives in
   * @param value the declared type of the constrained value, for {@code @Validate}; null when
   *     there is none (a container's elements)
   */
  List<ConstraintInfo> read(
      List<? extends AnnotationMirror> mirrors,
      Element element,
      Set<String> seen,
      String packageName,
      TypeMirror value) {
    List<ConstraintInfo> out = new ArrayList<>();
    for (AnnotationMirror m : mirrors) {
      String name = Annotations.nameOf(m);
      ConstraintKind kind = ConstraintKind.forAnnotation(name);
      if (kind == null && !isJakartaConstraint(m)) {
        continue;
      }
      if (!seen.add(name)) {
        continue;
      }
      out.add(
          constraint(
              kind == null ? ConstraintKind.UNSUPPORTED : kind,
              name,
              m,
              element,
              packageName,
              value));
    }
    return out;
  }

  /** The constraints written on a type use ({@code List<@Email String>}). */
  List<ConstraintInfo> readTypeUse(TypeMirror type, Element element, String packageName) {
    return read(type.getAnnotationMirrors(), element, new LinkedHashSet<>(), packageName, null);
  }

  private boolean isJakartaConstraint(AnnotationMirror m) {
    TypeElement type = (TypeElement) m.getAnnotationType().asElement();
    PackageElement pkg = elements.getPackageOf(type);
    return pkg.getQualifiedName().contentEquals(ConstraintKind.JAKARTA_PACKAGE);
  }

  private ConstraintInfo constraint(
      ConstraintKind kind,
      String annotation,
      AnnotationMirror m,
      Element element,
      String packageName,
      TypeMirror value) {
    Origin origin = Origin.of(element, m);
    Map<String, Origin> explicit = new HashMap<>();
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        m.getElementValues().entrySet()) {
      explicit.put(e.getKey().getSimpleName().toString(), origin.at(e.getValue()));
    }
    if (kind == ConstraintKind.UNSUPPORTED) {
      return new ConstraintInfo(
          kind, annotation, origin, explicit, "", 0, 0, null, false, null, 0, null, null);
    }
    long min = 0;
    long max = 0;
    String decimal = null;
    boolean inclusive = true;
    String regexp = null;
    int flags = 0;
    List<String> values = List.of();
    ValidatorInfo validator = null;
    switch (kind) {
      case SIZE -> {
        min = annotations.longValue(m, "min", 0);
        max = annotations.longValue(m, "max", Integer.MAX_VALUE);
      }
      case MIN -> min = annotations.longValue(m, "value", 0);
      case MAX -> max = annotations.longValue(m, "value", 0);
      case DECIMAL_MIN, DECIMAL_MAX -> {
        decimal = annotations.string(m, "value");
        inclusive = annotations.bool(m, "inclusive", true);
      }
      case DIGITS -> {
        min = annotations.longValue(m, "integer", 0);
        max = annotations.longValue(m, "fraction", 0);
      }
      case PATTERN, EMAIL -> {
        regexp = annotations.string(m, "regexp");
        flags = flags(annotations.list(m, "flags"));
      }
      case ONE_OF -> {
        List<String> v = new ArrayList<>();
        for (Object o : annotations.list(m, "value")) {
          v.add(String.valueOf(o));
        }
        values = v;
      }
      case VALIDATE -> validator = validator(annotations.type(m, "value"), packageName, value);
      default -> {}
    }
    String message = message(kind, m, min, max, decimal, inclusive, regexp, values);
    return new ConstraintInfo(
        kind,
        annotation,
        origin,
        explicit,
        message,
        min,
        max,
        decimal,
        inclusive,
        regexp,
        flags,
        values,
        validator);
  }

  /** What {@code @Validate(v)} names, and whether it takes values of {@code value}'s type. */
  ValidatorInfo validator(TypeMirror v, String packageName, TypeMirror value) {
    if (!(v instanceof DeclaredType dv) || !(dv.asElement() instanceof TypeElement te)) {
      return new ValidatorInfo(null, null, true);
    }
    List<? extends TypeMirror> args = classes.arguments(te.asType(), VALIDATOR);
    TypeMirror checked = args == null || args.isEmpty() ? null : args.get(0);
    if (!(checked instanceof DeclaredType) && !(checked instanceof ArrayType)) {
      checked = null;
    }
    boolean fits =
        value == null
            || checked == null
            || types.isAssignable(
                types.erasure(classes.boxed(value)), types.erasure(checked));
    return new ValidatorInfo(
        classes.read(te, packageName),
        checked == null ? null : TypeReader.display(checked),
        fits);
  }

  private String message(
      ConstraintKind kind,
      AnnotationMirror m,
      long min,
      long max,
      String decimal,
      boolean inclusive,
      String regexp,
      List<String> values) {
    String template;
    if (kind == ConstraintKind.VALIDATE) {
      return "";
    } else if (kind == ConstraintKind.ONE_OF) {
      // @OneOf's own default is a literal template, so it needs no special case.
      template = annotations.string(m, "message");
    } else {
      var given = Annotations.explicit(m, "message");
      template = given != null ? String.valueOf(given.getValue()) : kind.defaultMessage(inclusive);
    }
    if (template == null) {
      template = kind.defaultMessage(inclusive);
    }
    String minText = String.valueOf(min);
    String maxText = String.valueOf(max);
    String valueText =
        switch (kind) {
          case MIN -> minText;
          case MAX -> maxText;
          default -> decimal == null ? "" : decimal;
        };
    return template
        .replace("{min}", minText)
        .replace("{max}", maxText)
        .replace("{integer}", minText)
        .replace("{fraction}", maxText)
        .replace("{value}", valueText)
        .replace("{inclusive}", String.valueOf(inclusive))
        .replace("{regexp}", regexp == null ? "" : regexp)
        .replace("{values}", String.valueOf(values));
  }

  // The values of jakarta.validation.constraints.Pattern.Flag, by name.
  private static int flags(List<Object> names) {
    int flags = 0;
    for (Object n : names) {
      flags |=
          switch (String.valueOf(n)) {
            case "UNIX_LINES" -> java.util.regex.Pattern.UNIX_LINES;
            case "CASE_INSENSITIVE" -> java.util.regex.Pattern.CASE_INSENSITIVE;
            case "COMMENTS" -> java.util.regex.Pattern.COMMENTS;
            case "MULTILINE" -> java.util.regex.Pattern.MULTILINE;
            case "DOTALL" -> java.util.regex.Pattern.DOTALL;
            case "UNICODE_CASE" -> java.util.regex.Pattern.UNICODE_CASE;
            case "CANON_EQ" -> java.util.regex.Pattern.CANON_EQ;
            default -> 0;
          };
    }
    return flags;
  }
}
