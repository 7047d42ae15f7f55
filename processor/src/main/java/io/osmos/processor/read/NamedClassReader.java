package io.osmos.processor.read;

import com.palantir.javapoet.ClassName;
import io.osmos.processor.model.ClassRef;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.PrimitiveType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Reads a class named in an annotation (a converter, a validator): whether generated code can
 * create it, and which type arguments it gives the Osmos interface it implements.
 */
final class NamedClassReader {
  private final Elements elements;
  private final Types types;

  NamedClassReader(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  /** The class, as seen from generated code in {@code packageName}. */
  ClassRef read(TypeElement te, String packageName) {
    boolean concrete =
        te.getKind() == ElementKind.CLASS && !te.getModifiers().contains(Modifier.ABSTRACT);
    return new ClassRef(ClassName.get(te), concrete, instantiable(te, packageName));
  }

  // Whether generated code in packageName can call new T().
  private boolean instantiable(TypeElement te, String packageName) {
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

  /** The type arguments {@code type} gives the generic interface {@code iface}, or null. */
  List<? extends TypeMirror> arguments(TypeMirror type, String iface) {
    Deque<TypeMirror> queue = new ArrayDeque<>();
    queue.add(type);
    while (!queue.isEmpty()) {
      TypeMirror t = queue.poll();
      if (t instanceof DeclaredType d
          && ((TypeElement) d.asElement()).getQualifiedName().contentEquals(iface)) {
        return d.getTypeArguments();
      }
      queue.addAll(types.directSupertypes(t));
    }
    return null;
  }

  /** A primitive's wrapper; other types as they are. */
  TypeMirror boxed(TypeMirror t) {
    return t.getKind().isPrimitive() ? types.boxedClass((PrimitiveType) t).asType() : t;
  }
}
