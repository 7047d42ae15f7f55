package io.osmos.processor.read;

import io.osmos.processor.model.ConstraintInfo;
import io.osmos.processor.model.ConstraintKind;
import io.osmos.processor.model.Origin;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * Turns constraint annotations ({@code jakarta.validation.constraints.*}, {@code @OneOf},
 * {@code @Validate}) into {@link ConstraintInfo}s, matching them by qualified name. Messages are
 * resolved here, once: Jakarta's default text, or the user's with {@code {min}}-style tokens
 * replaced.
 */
public final class ConstraintReader {
  private final Annotations annotations;
  private final Elements elements;

  public ConstraintReader(Annotations annotations, Elements elements) {
    this.annotations = annotations;
    this.elements = elements;
  }

  /**
   * The constraints among {@code mirrors}, reported at {@code element}. Later occurrences of an
   * annotation type already in {@code seen} are skipped (a record component's annotation is seen on
   * its field, accessor and constructor parameter alike).
   */
  public List<ConstraintInfo> read(
      List<? extends AnnotationMirror> mirrors, Element element, Set<String> seen) {
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
      out.add(kind == null ? unsupported(m, element) : constraint(kind, m, element));
    }
    return out;
  }

  /** The constraints written on a type use ({@code List<@Email String>}). */
  public List<ConstraintInfo> readTypeUse(TypeMirror type, Element element) {
    return read(type.getAnnotationMirrors(), element, new LinkedHashSet<>());
  }

  private boolean isJakartaConstraint(AnnotationMirror m) {
    TypeElement type = (TypeElement) m.getAnnotationType().asElement();
    PackageElement pkg = elements.getPackageOf(type);
    return pkg.getQualifiedName().contentEquals(ConstraintKind.JAKARTA_PACKAGE);
  }

  private static ConstraintInfo unsupported(AnnotationMirror m, Element element) {
    return new ConstraintInfo(
        ConstraintKind.UNSUPPORTED,
        Origin.of(element, m),
        "",
        0,
        0,
        null,
        false,
        null,
        0,
        null,
        null);
  }

  private ConstraintInfo constraint(ConstraintKind kind, AnnotationMirror m, Element element) {
    long min = 0;
    long max = 0;
    String decimal = null;
    boolean inclusive = true;
    String regexp = null;
    int flags = 0;
    List<String> values = List.of();
    TypeMirror validator = null;
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
      case VALIDATE -> validator = annotations.type(m, "value");
      default -> {}
    }
    String message = message(kind, m, min, max, decimal, inclusive, regexp, values);
    return new ConstraintInfo(
        kind,
        Origin.of(element, m),
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
