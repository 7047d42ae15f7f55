package io.osmos.processor.model;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the processor understood of a field's type. Unsupported shapes are kept (as {@link
 * Unsupported} and {@link NotEmbeddable}) so the check stage can report them with their position.
 *
 * <p>Every question about what a type nests is answered here, for the check and write stages alike:
 * {@link #inner()} for containers, {@link #embedded()} and {@link #reaches} for the embeddables it
 * leads to, {@link #plainPathTo} for nesting without a break.
 */
public sealed interface TypeInfo {
  /** The Java type, without annotations; primitives stay primitive. */
  TypeName typeName();

  /** The type as users write it, for messages: {@code List<String>}, {@code int}. */
  String display();

  /** The Java type as a reference type (primitives boxed). */
  default TypeName boxedName() {
    return typeName().isPrimitive() ? typeName().box() : typeName();
  }

  /**
   * The use this type contains: the element of a List or Set, the value of a Map or an Optional;
   * null for every other type (a converted value is not contained, it is replaced).
   */
  default TypeUse inner() {
    return null;
  }

  /** The type inside every container: {@code List<Set<Tag>>} gives {@code Tag}. */
  default TypeInfo innermost() {
    TypeInfo t = this;
    while (t.inner() != null) {
      t = t.inner().type();
    }
    return t;
  }

  /** The first type in this one or inside its containers that Osmos cannot store, or null. */
  default TypeInfo firstUnsupported() {
    for (TypeInfo t = this; ; t = t.inner().type()) {
      if (t instanceof Unsupported || t instanceof NotEmbeddable) {
        return t;
      }
      if (t.inner() == null) {
        return null;
      }
    }
  }

  /**
   * The embeddables a value of this type holds without another embeddable in between: itself,
   * inside containers, or as what a converter stores.
   */
  default List<Embedded> embedded() {
    List<Embedded> out = new ArrayList<>();
    collectEmbedded(this, out);
    return out;
  }

  private static void collectEmbedded(TypeInfo t, List<Embedded> out) {
    if (t instanceof Embedded e) {
      out.add(e);
    } else if (t instanceof Converted c) {
      if (c.stored() != null) {
        collectEmbedded(c.stored().type(), out);
      }
    } else if (t.inner() != null) {
      collectEmbedded(t.inner().type(), out);
    }
  }

  /** Every embeddable a value of this type holds at any depth, in the order first met. */
  default Set<ModelInfo> reachable() {
    Set<ModelInfo> out = new LinkedHashSet<>();
    collectReachable(this, out);
    return out;
  }

  private static void collectReachable(TypeInfo t, Set<ModelInfo> out) {
    for (Embedded e : t.embedded()) {
      if (out.add(e.model())) {
        for (PropertyInfo p : e.model().stored()) {
          collectReachable(p.type().type(), out);
        }
      }
    }
  }

  /** Whether a value of this type holds a {@code target} at any depth. */
  default boolean reaches(ModelInfo target) {
    return reachable().contains(target);
  }

  /**
   * The fields ({@code Type.field}) through which this type holds a {@code target} by plain
   * embedded fields only, with no container or Optional to end the nesting; null when it does not.
   * An embedded {@code target} itself gives the empty path.
   */
  default List<String> plainPathTo(ModelInfo target) {
    if (!(this instanceof Embedded e)) {
      return null;
    }
    List<String> path = new ArrayList<>();
    return plainPath(e.model(), target, path, new HashSet<>()) ? path : null;
  }

  private static boolean plainPath(
      ModelInfo from, ModelInfo target, List<String> path, Set<ModelInfo> seen) {
    if (from.equals(target)) {
      return true;
    }
    if (!seen.add(from)) {
      return false;
    }
    for (PropertyInfo p : from.stored()) {
      if (p.type().type() instanceof Embedded e) {
        path.add(from.simpleName() + "." + p.name());
        if (plainPath(e.model(), target, path, seen)) {
          return true;
        }
        path.remove(path.size() - 1);
      }
    }
    return false;
  }

  /** A scalar: primitives, wrappers, String, BigDecimal, time types, UUID, byte[]. */
  record Scalar(ScalarKind kind, boolean primitive) implements TypeInfo {
    @Override
    public TypeName typeName() {
      return primitive ? kind.primitive() : kind.boxed();
    }

    @Override
    public String display() {
      return kind.javaName(primitive);
    }
  }

  /** An enum, stored by constant name. */
  record Enumeration(ClassName name, List<String> constants) implements TypeInfo {
    public Enumeration {
      constants = List.copyOf(constants);
    }

    @Override
    public TypeName typeName() {
      return name;
    }

    @Override
    public String display() {
      return name.simpleName();
    }
  }

  /**
   * A nested {@code @Embeddable} type, linked to its node in the graph the read stage built.
   *
   * @param name the type
   * @param link its node
   */
  record Embedded(ClassName name, EmbeddableLink link) implements TypeInfo {
    /** The embeddable's node. */
    public ModelInfo model() {
      return link.model();
    }

    @Override
    public TypeName typeName() {
      return name;
    }

    @Override
    public String display() {
      return name.simpleName();
    }
  }

  /** {@code List<E>}. */
  record ListOf(TypeUse element) implements TypeInfo {
    @Override
    public TypeName typeName() {
      return ParameterizedTypeName.get(ClassName.get(List.class), element.type().boxedName());
    }

    @Override
    public String display() {
      return "List<" + element.type().display() + ">";
    }

    @Override
    public TypeUse inner() {
      return element;
    }
  }

  /** {@code Set<E>}. */
  record SetOf(TypeUse element) implements TypeInfo {
    @Override
    public TypeName typeName() {
      return ParameterizedTypeName.get(ClassName.get(Set.class), element.type().boxedName());
    }

    @Override
    public String display() {
      return "Set<" + element.type().display() + ">";
    }

    @Override
    public TypeUse inner() {
      return element;
    }
  }

  /** {@code Map<String, V>}. */
  record MapOf(TypeUse value) implements TypeInfo {
    @Override
    public TypeName typeName() {
      return ParameterizedTypeName.get(
          ClassName.get(Map.class), ClassName.get(String.class), value.type().boxedName());
    }

    @Override
    public String display() {
      return "Map<String, " + value.type().display() + ">";
    }

    @Override
    public TypeUse inner() {
      return value;
    }
  }

  /** {@code Optional<V>}: empty is stored as null. */
  record OptionalOf(TypeUse value) implements TypeInfo {
    @Override
    public TypeName typeName() {
      return ParameterizedTypeName.get(ClassName.get(Optional.class), value.type().boxedName());
    }

    @Override
    public String display() {
      return "Optional<" + value.type().display() + ">";
    }

    @Override
    public TypeUse inner() {
      return value;
    }
  }

  /**
   * A field with {@code @Convert}: the application type, the converter and what it stores.
   *
   * @param appType the field's Java type
   * @param converter the converter class
   * @param appArgument the converter's {@code A} as users write it, or null when it cannot be
   *     determined
   * @param storedArgument the converter's {@code S} as users write it, or null when it cannot be
   *     determined
   * @param stored what {@code S} is to the processor, or null
   * @param convertsField whether {@code A} is the field's type (boxed)
   * @param boxedField the field's type, boxed, as users write it
   * @param origin the {@code @Convert} value
   */
  record Converted(
      TypeName appType,
      ClassRef converter,
      String appArgument,
      String storedArgument,
      TypeUse stored,
      boolean convertsField,
      String boxedField,
      Origin origin)
      implements TypeInfo {
    @Override
    public TypeName typeName() {
      return appType;
    }

    @Override
    public String display() {
      return appType.toString().replaceAll("\\b[a-z][a-z0-9_]*\\.", "");
    }
  }

  /** A type Osmos cannot store. */
  record Unsupported(TypeName javaType, String display, String reason) implements TypeInfo {
    @Override
    public TypeName typeName() {
      return javaType;
    }
  }

  /** A record or class that would be stored nested but is not {@code @Embeddable}. */
  record NotEmbeddable(ClassName name) implements TypeInfo {
    @Override
    public TypeName typeName() {
      return name;
    }

    @Override
    public String display() {
      return name.simpleName();
    }
  }
}
