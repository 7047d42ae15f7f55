package io.osmos.processor.write;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeVariableName;
import io.osmos.processor.model.Access;
import io.osmos.processor.model.ModelInfo;
import io.osmos.processor.model.PropertyInfo;
import io.osmos.processor.model.TypeInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.Modifier;

/** Code that reads fields of a model instance, and code that creates or updates an instance. */
final class Accessors {
  private Accessors() {}

  /** {@code target.email()}, {@code target.getEmail()} or {@code target.email}. */
  static CodeBlock read(PropertyInfo p, String target) {
    Access a = p.read();
    return a.kind() == Access.Kind.FIELD
        ? CodeBlock.of("$N.$N", target, a.name())
        : CodeBlock.of("$N.$N()", target, a.name());
  }

  /** The zero value a field of this type has when nothing sets it. */
  static CodeBlock defaultValue(TypeInfo t) {
    if (!t.typeName().isPrimitive()) {
      return t instanceof TypeInfo.OptionalOf
          ? CodeBlock.of("$T.empty()", Optional.class)
          : CodeBlock.of("null");
    }
    String n = t.typeName().toString();
    return switch (n) {
      case "boolean" -> CodeBlock.of("false");
      case "char" -> CodeBlock.of("'\\0'");
      case "long" -> CodeBlock.of("0L");
      case "float" -> CodeBlock.of("0.0f");
      case "double" -> CodeBlock.of("0.0");
      case "byte" -> CodeBlock.of("(byte) 0");
      case "short" -> CodeBlock.of("(short) 0");
      default -> CodeBlock.of("0");
    };
  }

  /**
   * Statements that build a model from values: a record's canonical constructor, or a class's
   * no-argument constructor and its setters. Fields missing from {@code values} get their default
   * (a record's transient component) or are left alone (a class's transient field).
   *
   * @param values the value of each field, by Java name
   * @param result the variable to declare for the new instance
   */
  static CodeBlock create(ModelInfo m, Map<String, CodeBlock> values, String result) {
    CodeBlock.Builder b = CodeBlock.builder();
    if (m.record()) {
      b.addStatement("$T $N = new $T($L)", m.name(), result, m.name(), arguments(m, values));
    } else {
      b.addStatement("$T $N = new $T()", m.name(), result, m.name());
      for (PropertyInfo p : m.properties()) {
        CodeBlock v = values.get(p.name());
        if (v != null) {
          b.addStatement(write(p, result, v));
        }
      }
    }
    return b.build();
  }

  /** The canonical constructor's arguments: {@code values}, or the field's default. */
  static CodeBlock arguments(ModelInfo m, Map<String, CodeBlock> values) {
    List<CodeBlock> args = new java.util.ArrayList<>();
    for (PropertyInfo p : m.properties()) {
      CodeBlock v = values.get(p.name());
      args.add(v != null ? v : defaultValue(p.type().type()));
    }
    return CodeBlock.join(args, ",$W");
  }

  /**
   * {@code private static <V> V orNull(Optional<V> value)}: the value of an {@code Optional} field,
   * or null when it is empty or itself null.
   */
  static MethodSpec orNullMethod(String name) {
    TypeVariableName v = TypeVariableName.get("V");
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addTypeVariable(v)
        .returns(v)
        .addParameter(ParameterizedTypeName.get(ClassName.get(Optional.class), v), "value")
        .addStatement("return value == null ? null : value.orElse(null)")
        .build();
  }

  /** {@code target.setEmail(value)} or {@code target.email = value}. */
  static CodeBlock write(PropertyInfo p, String target, CodeBlock value) {
    Access a = p.write();
    return a.kind() == Access.Kind.FIELD
        ? CodeBlock.of("$N.$N = $L", target, a.name(), value)
        : CodeBlock.of("$N.$N($L)", target, a.name(), value);
  }
}
