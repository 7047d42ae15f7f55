package io.osmos.processor.model;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;

/**
 * What the processor understood of a field's type. Unsupported shapes are kept (as {@link
 * Unsupported} and {@link NotEmbeddable}) so the check stage can report them with their position.
 */
public sealed interface TypeInfo {
  /** The Java type, without annotations; primitives stay primitive. */
  TypeName typeName();

  /** The Java type as a reference type (primitives boxed). */
  default TypeName boxedName() {
    return typeName().isPrimitive() ? typeName().box() : typeName();
  }

  /** Whether the type and everything inside it can be stored. */
  default boolean supported() {
    return true;
  }

  /** A scalar: primitives, wrappers, String, BigDecimal, time types, UUID, byte[]. */
  record Scalar(ScalarKind kind, boolean primitive) implements TypeInfo {
    @Override
    public TypeName typeName() {
      return primitive ? kind.primitive() : kind.boxed();
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
  }

  /** A nested {@code @Embeddable} type. */
  record Embedded(ClassName name, TypeElement element) implements TypeInfo {
    @Override
    public TypeName typeName() {
      return name;
    }
  }

  /** {@code List<E>}. */
  record ListOf(TypeUse element) implements TypeInfo {
    @Override
    public TypeName typeName() {
      return ParameterizedTypeName.get(ClassName.get(List.class), element.type().boxedName());
    }

    @Override
    public boolean supported() {
      return element.type().supported();
    }
  }

  /** {@code Set<E>}. */
  record SetOf(TypeUse element) implements TypeInfo {
    @Override
    public TypeName typeName() {
      return ParameterizedTypeName.get(ClassName.get(Set.class), element.type().boxedName());
    }

    @Override
    public boolean supported() {
      return element.type().supported();
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
    public boolean supported() {
      return value.type().supported();
    }
  }

  /** {@code Optional<V>}: empty is stored as null. */
  record OptionalOf(TypeUse value) implements TypeInfo {
    @Override
    public TypeName typeName() {
      return ParameterizedTypeName.get(ClassName.get(Optional.class), value.type().boxedName());
    }

    @Override
    public boolean supported() {
      return value.type().supported();
    }
  }

  /**
   * A field with {@code @Convert}: the application type, the converter and what it stores.
   *
   * @param appType the field's Java type
   * @param converter the converter class
   * @param appArgument the converter's {@code A}, or null when it cannot be determined
   * @param storedArgument the converter's {@code S}, or null when it cannot be determined
   * @param stored what {@code S} is to the processor, or null
   * @param origin the {@code @Convert} annotation
   */
  record Converted(
      TypeName appType,
      TypeElement converter,
      TypeMirror appArgument,
      TypeMirror storedArgument,
      TypeUse stored,
      Origin origin)
      implements TypeInfo {
    @Override
    public TypeName typeName() {
      return appType;
    }
  }

  /** A type Osmos cannot store. */
  record Unsupported(TypeName javaType, String display, String reason) implements TypeInfo {
    @Override
    public TypeName typeName() {
      return javaType;
    }

    @Override
    public boolean supported() {
      return false;
    }
  }

  /** A record or class that would be stored nested but is not {@code @Embeddable}. */
  record NotEmbeddable(ClassName name, TypeElement element) implements TypeInfo {
    @Override
    public TypeName typeName() {
      return name;
    }

    @Override
    public boolean supported() {
      return false;
    }
  }
}
