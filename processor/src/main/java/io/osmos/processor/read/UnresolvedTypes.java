package io.osmos.processor.read;

import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;

/**
 * Finds types a model refers to that javac could not resolve yet, typically because another
 * processor generates them in a later round. Such a model is deferred, as AutoValue does.
 */
final class UnresolvedTypes {
  private UnresolvedTypes() {}

  /** The first unresolved type in the type's fields, methods or annotations, or null. */
  static String find(TypeElement type) {
    String s = inAnnotations(type.getAnnotationMirrors());
    if (s != null) {
      return s;
    }
    s = in(type.getSuperclass());
    if (s != null) {
      return s;
    }
    for (Element e : type.getEnclosedElements()) {
      if (e.getModifiers().contains(Modifier.STATIC) && e.getKind() != ElementKind.METHOD) {
        continue;
      }
      switch (e.getKind()) {
        case FIELD, RECORD_COMPONENT -> s = in(e.asType());
        case METHOD -> s = in(((ExecutableElement) e).getReturnType());
        default -> s = null;
      }
      if (s == null) {
        s = inAnnotations(e.getAnnotationMirrors());
      }
      if (s != null) {
        return s;
      }
    }
    return null;
  }

  private static String in(TypeMirror t) {
    if (t == null) {
      return null;
    }
    if (t.getKind() == TypeKind.ERROR) {
      return t.toString();
    }
    if (t instanceof ArrayType a) {
      return in(a.getComponentType());
    }
    if (t instanceof WildcardType w) {
      String s = in(w.getExtendsBound());
      return s != null ? s : in(w.getSuperBound());
    }
    if (t instanceof DeclaredType d) {
      for (TypeMirror arg : d.getTypeArguments()) {
        String s = in(arg);
        if (s != null) {
          return s;
        }
      }
    }
    return null;
  }

  private static String inAnnotations(List<? extends AnnotationMirror> mirrors) {
    for (AnnotationMirror m : mirrors) {
      for (AnnotationValue v : m.getElementValues().values()) {
        Object o = v.getValue();
        if (o instanceof TypeMirror t && t.getKind() == TypeKind.ERROR) {
          return t.toString();
        }
        // javac gives "<error>" for a class literal it cannot resolve.
        if ("<error>".equals(o)) {
          return ((TypeElement) m.getAnnotationType().asElement()).getSimpleName() + " value";
        }
      }
    }
    return null;
  }
}
