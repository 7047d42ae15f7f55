package io.osmos.processor.write;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import io.osmos.processor.model.Marker;
import io.osmos.processor.model.ModelInfo;
import io.osmos.processor.model.PropertyInfo;
import io.osmos.processor.model.ScalarKind;
import io.osmos.processor.model.TypeInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Expressions for a field type: its codec, its {@code FieldType}, its metamodel property. */
final class TypeCode {
  private TypeCode() {}

  /** The metamodel class of an embeddable: {@code Address_}. */
  static ClassName metamodel(ClassName type) {
    return ModelInfo.metamodelName(type);
  }

  /**
   * The {@code ValueCodec} for values of {@code t}. Generic factories get explicit type arguments:
   * a generic call without them, nested in a constructor argument, costs javac an inference each.
   */
  static CodeBlock codec(TypeInfo t) {
    if (t instanceof TypeInfo.Scalar s) {
      return CodeBlock.of("$T.$N", RuntimeTypes.CODECS, s.kind().codec());
    } else if (t instanceof TypeInfo.Enumeration e) {
      return CodeBlock.of(
          "$T.<$T>enumeration($T.values())", RuntimeTypes.CODECS, e.name(), e.name());
    } else if (t instanceof TypeInfo.Embedded e) {
      return CodeBlock.of("$T.CODEC", metamodel(e.name()));
    } else if (t instanceof TypeInfo.ListOf l) {
      return generic("list", l.element().type());
    } else if (t instanceof TypeInfo.SetOf s) {
      return generic("set", s.element().type());
    } else if (t instanceof TypeInfo.MapOf m) {
      return generic("map", m.value().type());
    } else if (t instanceof TypeInfo.OptionalOf o) {
      return generic("optional", o.value().type());
    } else if (t instanceof TypeInfo.Converted c) {
      // Inferred: the converter may declare its types less exactly than the field spells them.
      return CodeBlock.of(
          "$T.converted(new $T(), $L)",
          RuntimeTypes.CODECS,
          c.converter().name(),
          codec(c.stored().type()));
    }
    throw new IllegalStateException("no codec for " + t);
  }

  /** {@code Codecs.<E>list(elementCodec)} and the like. */
  private static CodeBlock generic(String factory, TypeInfo element) {
    return CodeBlock.of(
        "$T.<$T>$N($L)", RuntimeTypes.CODECS, element.boxedName(), factory, codec(element));
  }

  /** {@code ValueCodec<V>}. */
  static TypeName codecType(TypeName value) {
    return ParameterizedTypeName.get(RuntimeTypes.VALUE_CODEC, value);
  }

  /**
   * The {@code FieldType} of {@code t}. Inside the {@code TYPE} of embeddable {@code root}, a
   * nested embeddable that leads back to {@code root} is spelled out (with the repeated type cut to
   * an empty struct) instead of referring to its {@code TYPE}: two metamodels whose static
   * initializers refer to each other would see each other's constant as null.
   */
  static CodeBlock fieldType(TypeInfo t, ModelInfo root) {
    Deque<String> stack = new ArrayDeque<>();
    if (root != null) {
      stack.push(root.name().canonicalName());
    }
    return fieldType(t, root, stack);
  }

  private static CodeBlock fieldType(TypeInfo t, ModelInfo root, Deque<String> stack) {
    if (t instanceof TypeInfo.Scalar s) {
      return CodeBlock.of("$T.$N", RuntimeTypes.FIELD_TYPE, s.kind().fieldType());
    } else if (t instanceof TypeInfo.Enumeration e) {
      List<CodeBlock> names = new ArrayList<>();
      for (String c : e.constants()) {
        names.add(CodeBlock.of("$S", c));
      }
      return CodeBlock.of(
          "$T.enumeration($T.<$T>of($L))",
          RuntimeTypes.FIELD_TYPE,
          List.class,
          String.class,
          CodeBlock.join(names, ",$W"));
    } else if (t instanceof TypeInfo.Embedded e) {
      String name = e.name().canonicalName();
      if (root == null || !e.reaches(root)) {
        return CodeBlock.of("$T.TYPE", metamodel(e.name()));
      }
      if (stack.contains(name)) {
        return CodeBlock.of(
            "new $T($S, $T.<$T>of())",
            RuntimeTypes.STRUCT,
            e.name().simpleName(),
            List.class,
            RuntimeTypes.FIELD_DESCRIPTOR);
      }
      stack.push(name);
      CodeBlock struct = struct(e.model(), root, stack);
      stack.pop();
      return struct;
    } else if (t instanceof TypeInfo.ListOf l) {
      return CodeBlock.of(
          "$T.list($L)", RuntimeTypes.FIELD_TYPE, fieldType(l.element().type(), root, stack));
    } else if (t instanceof TypeInfo.SetOf s) {
      return CodeBlock.of(
          "$T.set($L)", RuntimeTypes.FIELD_TYPE, fieldType(s.element().type(), root, stack));
    } else if (t instanceof TypeInfo.MapOf m) {
      return CodeBlock.of(
          "$T.map($L)", RuntimeTypes.FIELD_TYPE, fieldType(m.value().type(), root, stack));
    } else if (t instanceof TypeInfo.OptionalOf o) {
      return fieldType(o.value().type(), root, stack);
    } else if (t instanceof TypeInfo.Converted c) {
      return fieldType(c.stored().type(), root, stack);
    }
    throw new IllegalStateException("no field type for " + t);
  }

  /** {@code new FieldType.Struct("Address", List.of(descriptors...))}. */
  static CodeBlock struct(ModelInfo m, ModelInfo root, Deque<String> stack) {
    List<CodeBlock> fields = new ArrayList<>();
    int i = 0;
    for (PropertyInfo p : m.stored()) {
      fields.add(descriptor(p, i++, fieldType(p.type().type(), root, stack), "PLAIN"));
    }
    return CodeBlock.builder()
        .add(
            "new $T($S, $T.<$T>of(",
            RuntimeTypes.STRUCT,
            m.simpleName(),
            List.class,
            RuntimeTypes.FIELD_DESCRIPTOR)
        .add(
            fields.isEmpty()
                ? CodeBlock.of("")
                : CodeBlock.of("\n$>$>$L$<$<", CodeBlock.join(fields, ",\n")))
        .add("))")
        .build();
  }

  /** {@code new FieldDescriptor(index, javaName, storedName, type, nullable, role, indexed)}. */
  static CodeBlock descriptor(PropertyInfo p, int index, CodeBlock type, String role) {
    return CodeBlock.of(
        "new $T($L,$W$S,$W$S,$W$L,$W$L,$W$T.$N,$W$L)",
        RuntimeTypes.FIELD_DESCRIPTOR,
        index,
        p.name(),
        p.storedName(),
        type,
        p.nullable(),
        RuntimeTypes.ROLE,
        role,
        p.has(Marker.INDEX));
  }

  /**
   * The metamodel property class for a field of value type {@code v}: {@code StringProperty<T>},
   * {@code NumberProperty<T, V>}, {@code ComparableProperty<T, V>} or {@code Property<T, V>}.
   */
  static TypeName propertyType(ClassName model, TypeInfo v) {
    ScalarKind s = v instanceof TypeInfo.Scalar sc ? sc.kind() : null;
    if (s == ScalarKind.STRING) {
      return ParameterizedTypeName.get(RuntimeTypes.STRING_PROPERTY, model);
    }
    if (s != null && s.number()) {
      return ParameterizedTypeName.get(RuntimeTypes.NUMBER_PROPERTY, model, v.boxedName());
    }
    if ((s != null && s.comparable()) || v instanceof TypeInfo.Enumeration) {
      return ParameterizedTypeName.get(RuntimeTypes.COMPARABLE_PROPERTY, model, v.boxedName());
    }
    return ParameterizedTypeName.get(RuntimeTypes.PROPERTY, model, v.boxedName());
  }
}
