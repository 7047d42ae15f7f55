package io.osmos.processor.write;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import io.osmos.processor.model.ModelInfo;
import io.osmos.processor.model.PropertyInfo;
import io.osmos.processor.model.ScalarKind;
import io.osmos.processor.model.TypeInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The statements that write a model or embeddable as one object through {@code FieldWriter}, and
 * read it back through {@code FieldReader}. Scalars are written and read directly; other values go
 * through their codec.
 */
final class ObjectCodecCode {
  private final ModelInfo m;
  private final ClassName metamodel;
  private final String names;
  private final Function<PropertyInfo, CodeBlock> codecs;

  /**
   * @param metamodel the class holding the {@code FieldNames} constant
   * @param names that constant's name
   * @param codecs the codec of each non-scalar field (for an {@code Optional}, of its value)
   */
  ObjectCodecCode(
      ModelInfo m, ClassName metamodel, String names, Function<PropertyInfo, CodeBlock> codecs) {
    this.m = m;
    this.metamodel = metamodel;
    this.names = names;
    this.codecs = codecs;
  }

  /** Writes {@code model} to {@code out}: null fields as explicit nulls, extra entries last. */
  CodeBlock encode(String model, String out) {
    NameAllocator locals = new NameAllocator();
    Fresh.name(locals, model);
    Fresh.name(locals, out);
    CodeBlock.Builder b = CodeBlock.builder();
    b.addStatement("$N.beginObject()", out);
    List<PropertyInfo> stored = m.stored();
    for (int i = 0; i < stored.size(); i++) {
      PropertyInfo p = stored.get(i);
      b.addStatement("$N.name($T.$N.name($L))", out, metamodel, names, i);
      TypeInfo t = p.type().type();
      CodeBlock read = Accessors.read(p, model);
      if (t.typeName().isPrimitive()) {
        b.addStatement(writeValue(p, t, read, out));
        continue;
      }
      // Strings and codec values: one call that writes the value or null, instead of a branch.
      if (isString(t)) {
        b.addStatement("$N.stringOrNull($L)", out, read);
        continue;
      }
      if (!(t instanceof TypeInfo.Scalar) && !(t instanceof TypeInfo.OptionalOf)) {
        b.addStatement("$L.writeOrNull($L, $N)", codecs.apply(p), read, out);
        continue;
      }
      String local = Fresh.name(locals, p.name());
      b.addStatement("$T $N = $L", t.typeName(), local, read);
      if (t instanceof TypeInfo.OptionalOf o) {
        b.beginControlFlow("if ($N == null || $N.isEmpty())", local, local)
            .addStatement("$N.nul()", out)
            .nextControlFlow("else")
            .addStatement(writeValue(p, o.value().type(), CodeBlock.of("$N.get()", local), out))
            .endControlFlow();
      } else {
        b.beginControlFlow("if ($N == null)", local)
            .addStatement("$N.nul()", out)
            .nextControlFlow("else")
            .addStatement(writeValue(p, t, CodeBlock.of("$N", local), out))
            .endControlFlow();
      }
    }
    PropertyInfo extra = m.extra();
    if (extra != null) {
      String local = Fresh.name(locals, extra.name());
      String entry = Fresh.name(locals, "entry");
      TypeName mapType = ParameterizedTypeName.get(Map.class, String.class, Object.class);
      b.addStatement("$T $N = $L", mapType, local, Accessors.read(extra, model));
      b.beginControlFlow("if ($N != null)", local)
          .beginControlFlow(
              "for ($T $N : $N.entrySet())",
              ParameterizedTypeName.get(Map.Entry.class, String.class, Object.class),
              entry,
              local)
          .add("// Entries named like a declared field would write that field twice.\n")
          .beginControlFlow("if ($T.$N.indexOf($N.getKey()) < 0)", metamodel, names, entry)
          .addStatement("$N.name($N.getKey())", out, entry)
          .addStatement("$N.any($N.getValue())", out, entry)
          .endControlFlow()
          .endControlFlow()
          .endControlFlow();
    }
    b.addStatement("$N.endObject()", out);
    return b.build();
  }

  private CodeBlock writeValue(PropertyInfo p, TypeInfo t, CodeBlock value, String out) {
    if (t instanceof TypeInfo.Scalar s) {
      if (s.kind() == ScalarKind.CHAR) {
        return CodeBlock.of("$N.string($T.valueOf($L))", out, String.class, value);
      }
      return CodeBlock.of("$N.$N($L)", out, s.kind().writeMethod(), value);
    }
    return CodeBlock.of("$L.write($L, $N)", codecs.apply(p), value, out);
  }

  /**
   * Reads one object from {@code in} into locals, then creates the instance, so a failure never
   * leaves a half-filled model; ends with {@code return}.
   */
  CodeBlock decode(String in) {
    NameAllocator locals = new NameAllocator();
    Fresh.name(locals, in);
    String field = Fresh.name(locals, "field");
    String result = Fresh.name(locals, "result");
    CodeBlock.Builder b = CodeBlock.builder();
    List<PropertyInfo> stored = m.stored();
    Map<String, CodeBlock> values = new LinkedHashMap<>();
    Map<PropertyInfo, String> localOf = new LinkedHashMap<>();
    for (PropertyInfo p : stored) {
      String local = Fresh.name(locals, p.name());
      localOf.put(p, local);
      values.put(p.name(), CodeBlock.of("$N", local));
      TypeInfo t = p.type().type();
      b.addStatement("$T $N = $L", t.typeName(), local, Accessors.defaultValue(t));
    }
    PropertyInfo extra = m.extra();
    String extraLocal = null;
    if (extra != null) {
      extraLocal = Fresh.name(locals, extra.name());
      values.put(extra.name(), CodeBlock.of("$N", extraLocal));
      b.addStatement(
          "$T $N = new $T<>()",
          ParameterizedTypeName.get(Map.class, String.class, Object.class),
          extraLocal,
          LinkedHashMap.class);
    }
    b.addStatement("$N.beginObject()", in);
    b.addStatement("int $N", field);
    CodeBlock next =
        extra == null
            ? CodeBlock.of("$N.nextField($T.$N)", in, metamodel, names)
            : CodeBlock.of("$N.nextField($T.$N, $N)", in, metamodel, names, extraLocal);
    b.beginControlFlow("while (($N = $L) >= 0)", field, next);
    b.beginControlFlow("switch ($N)", field);
    for (int i = 0; i < stored.size(); i++) {
      PropertyInfo p = stored.get(i);
      readCase(b, i, p, localOf.get(p), in);
    }
    b.addStatement("default -> $N.skip()", in);
    b.endControlFlow();
    b.endControlFlow();
    b.add(Accessors.create(m, values, result));
    b.addStatement("return $N", result);
    return b.build();
  }

  private void readCase(CodeBlock.Builder b, int index, PropertyInfo p, String local, String in) {
    TypeInfo t = p.type().type();
    if (t.typeName().isPrimitive()) {
      ScalarKind s = ((TypeInfo.Scalar) t).kind();
      String javaType = t.typeName().toString();
      if (s == ScalarKind.LONG || s == ScalarKind.INT) {
        // One fused call: reads the number, and fails on a stored null like the block below.
        String method = s == ScalarKind.LONG ? "requiredInt64" : "requiredInt32";
        b.addStatement("case $L -> $N = $N.$N($S)", index, local, in, method, javaType);
        return;
      }
      b.add("case $L -> {\n$>", index)
          .beginControlFlow("if ($N.tryNull())", in)
          .addStatement("throw $N.mismatch($S, null)", in, javaType)
          .endControlFlow()
          .addStatement("$N = $N.$N()", local, in, s.readMethod())
          .add("$<}\n");
    } else if (t instanceof TypeInfo.OptionalOf o) {
      TypeInfo v = o.value().type();
      if (isString(v)) {
        b.addStatement(
            "case $L -> $N = $T.ofNullable($N.stringOrNull())", index, local, Optional.class, in);
        return;
      }
      b.addStatement(
          "case $L -> $N = $N.tryNull() ? $T.empty() : $T.of($L)",
          index,
          local,
          in,
          Optional.class,
          Optional.class,
          readValue(p, v, in));
    } else if (isString(t)) {
      b.addStatement("case $L -> $N = $N.stringOrNull()", index, local, in);
    } else if (t instanceof TypeInfo.Scalar) {
      b.addStatement(
          "case $L -> $N = $N.tryNull() ? null : $L", index, local, in, readValue(p, t, in));
    } else {
      // Codecs read the value with the null check in one call where the format allows it.
      b.addStatement("case $L -> $N = $L.readOrNull($N)", index, local, codecs.apply(p), in);
    }
  }

  private static boolean isString(TypeInfo t) {
    return t instanceof TypeInfo.Scalar s && s.kind() == ScalarKind.STRING;
  }

  private CodeBlock readValue(PropertyInfo p, TypeInfo t, String in) {
    if (t instanceof TypeInfo.Scalar s) {
      return CodeBlock.of("$N.$N()", in, s.kind().readMethod());
    }
    return CodeBlock.of("$L.read($N)", codecs.apply(p), in);
  }
}
