package io.osmos.processor.read;

import io.osmos.processor.model.AnnotationValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * Reads annotations by qualified name from mirrors, never by loading the annotation classes (the
 * processor must not need Jakarta Validation on its own class path).
 */
public final class Annotations {
  private final Elements elements;

  public Annotations(Elements elements) {
    this.elements = elements;
  }

  /** The qualified name of an annotation's type. */
  public static String nameOf(AnnotationMirror mirror) {
    return ((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().toString();
  }

  /** The annotation of type {@code qualifiedName} on {@code element}, or null. */
  public static AnnotationMirror find(Element element, String qualifiedName) {
    if (element == null) {
      return null;
    }
    return find(element.getAnnotationMirrors(), qualifiedName);
  }

  /** The annotation of type {@code qualifiedName} among {@code mirrors}, or null. */
  public static AnnotationMirror find(
      List<? extends AnnotationMirror> mirrors, String qualifiedName) {
    for (AnnotationMirror m : mirrors) {
      if (nameOf(m).equals(qualifiedName)) {
        return m;
      }
    }
    return null;
  }

  /** The value the user wrote for {@code name}, or null when the default applies. */
  public static AnnotationValue explicit(AnnotationMirror mirror, String name) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        mirror.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  /**
   * The value of {@code name}, explicit or default; null when the annotation has no such member.
   */
  public AnnotationValue value(AnnotationMirror mirror, String name) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        elements.getElementValuesWithDefaults(mirror).entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  public String string(AnnotationMirror mirror, String name) {
    AnnotationValue v = value(mirror, name);
    return v != null && v.getValue() instanceof String s ? s : null;
  }

  public long longValue(AnnotationMirror mirror, String name, long otherwise) {
    AnnotationValue v = value(mirror, name);
    return v != null && v.getValue() instanceof Number n ? n.longValue() : otherwise;
  }

  public boolean bool(AnnotationMirror mirror, String name, boolean otherwise) {
    AnnotationValue v = value(mirror, name);
    return (v != null && v.getValue() instanceof Boolean b) ? b : otherwise;
  }

  /** An enum constant's name, or null. */
  public String enumName(AnnotationMirror mirror, String name) {
    AnnotationValue v = value(mirror, name);
    return v != null && v.getValue() instanceof VariableElement e
        ? e.getSimpleName().toString()
        : null;
  }

  /** The elements of an array value: Strings, enum constant names, or type mirrors. */
  public List<Object> list(AnnotationMirror mirror, String name) {
    List<Object> out = new ArrayList<>();
    AnnotationValue v = value(mirror, name);
    if (v != null && v.getValue() instanceof List<?> items) {
      for (Object o : items) {
        Object item = ((AnnotationValue) o).getValue();
        out.add(item instanceof VariableElement e ? e.getSimpleName().toString() : item);
      }
    }
    return out;
  }

  /** The values of {@code mirror}, by attribute name. */
  public AnnotationValues of(AnnotationMirror mirror) {
    return new AnnotationValues() {
      @Override
      public String string(String name) {
        return Annotations.this.string(mirror, name);
      }

      @Override
      public String written(String name) {
        AnnotationValue v = explicit(mirror, name);
        return v == null ? null : String.valueOf(v.getValue());
      }

      @Override
      public long longValue(String name, long otherwise) {
        return Annotations.this.longValue(mirror, name, otherwise);
      }

      @Override
      public boolean bool(String name, boolean otherwise) {
        return Annotations.this.bool(mirror, name, otherwise);
      }

      @Override
      public List<String> strings(String name) {
        List<String> out = new ArrayList<>();
        for (Object o : list(mirror, name)) {
          out.add(String.valueOf(o));
        }
        return out;
      }
    };
  }

  /**
   * A {@code Class} value as a type; null when it is missing or could not be resolved (javac then
   * gives the string {@code "<error>"}).
   */
  public TypeMirror type(AnnotationMirror mirror, String name) {
    AnnotationValue v = value(mirror, name);
    return v != null && v.getValue() instanceof DeclaredType t ? t : null;
  }
}
