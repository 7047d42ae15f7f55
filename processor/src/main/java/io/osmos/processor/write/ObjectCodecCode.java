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
import java.util.ArrayList;
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
   * The {@code FieldNames} table of {@code m}: the stored names in field order, then each field's
   * former names ({@code @Field(aliases)}), which the reader maps to indexes after the fields.
   */
  static CodeBlock names(ModelInfo m) {
    List<CodeBlock> storedNames = new ArrayList<>();
    List<PropertyInfo> stored = m.stored();
    for (PropertyInfo p : stored) {
      storedNames.add(CodeBlock.of("$S", p.storedName()));
    }
    CodeBlock.Builder b =
        CodeBlock.builder()
            .add("$T.of($L)", RuntimeTypes.FIELD_NAMES, CodeBlock.join(storedNames, ",$W"));
    for (int i = 0; i < stored.size(); i++) {
      for (String alias : stored.get(i).aliases()) {
        b.add("$Z.withAlias($S, $L)", alias, i);
      }
    }
    return b.build();
  }

  /**
   * Reads one object from {@code in} into locals, then creates the instance, so a failure never
   * leaves a half-filled model; ends with {@code return}. A field the stored object lacks is empty
   * (an {@code Optional}), null (a nullable field) or its {@code @Default}; a primitive or {@code
   * NotNull} field without one fails the read, naming the field, as does a stored null there. Under
   * a former name (an alias), a value is read only if the current name has not been.
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
      CodeBlock initial =
          p.primitive() && p.hasDefault()
              ? DefaultCode.of(t, p.defaultText())
              : Accessors.defaultValue(t);
      b.addStatement("$T $N = $L", t.typeName(), local, initial);
    }
    // Which fields were read: a primitive has no null to say it was not, and a field with former
    // names is read under them only when not under its current name.
    Map<PropertyInfo, Integer> readBit = new LinkedHashMap<>();
    Map<PropertyInfo, Integer> aliasBit = new LinkedHashMap<>();
    int bits = 0;
    for (PropertyInfo p : stored) {
      boolean aliased = !p.aliases().isEmpty();
      boolean checked = p.primitive() && p.required();
      if (aliased || checked) {
        readBit.put(p, bits++);
      }
      if (aliased && checked) {
        aliasBit.put(p, bits++);
      }
    }
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < bits; i += 64) {
      String local = Fresh.name(locals, "seen");
      seen.add(local);
      b.addStatement("long $N = 0L", local);
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
      List<CodeBlock> read = read(p, localOf.get(p), in);
      Integer bit = readBit.get(p);
      if (bit != null) {
        read.add(setBit(seen, bit));
      }
      arm(b, CodeBlock.of("$L", i), read);
    }
    int alias = stored.size();
    for (PropertyInfo p : stored) {
      for (int k = 0; k < p.aliases().size(); k++) {
        List<CodeBlock> read = read(p, localOf.get(p), in);
        Integer bit = aliasBit.get(p);
        if (bit != null) {
          read.add(setBit(seen, bit));
        }
        CodeBlock.Builder guarded =
            CodeBlock.builder()
                .add(
                    "// $S is a former name of $S: read only without the current one.\n",
                    p.aliases().get(k),
                    p.storedName())
                .beginControlFlow("if ($L)", isClear(seen, readBit.get(p)));
        for (CodeBlock statement : read) {
          guarded.add(statement);
        }
        guarded.nextControlFlow("else").addStatement("$N.skip()", in).endControlFlow();
        arm(b, CodeBlock.of("$L", alias++), List.of(guarded.build()));
      }
    }
    b.addStatement("default -> $N.skip()", in);
    b.endControlFlow();
    b.endControlFlow();
    for (PropertyInfo p : stored) {
      String local = localOf.get(p);
      TypeInfo t = p.type().type();
      if (p.required()) {
        CodeBlock absent =
            p.primitive()
                ? aliasBit.containsKey(p)
                    ? CodeBlock.of(
                        "$L && $L", isClear(seen, readBit.get(p)), isClear(seen, aliasBit.get(p)))
                    : isClear(seen, readBit.get(p))
                : CodeBlock.of("$N == null", local);
        b.beginControlFlow("if ($L)", absent)
            .addStatement(
                "throw $N.missing($S, $S, $S)",
                in,
                p.storedName(),
                m.simpleName() + "." + p.name(),
                expected(p))
            .endControlFlow();
      } else if (p.hasDefault() && !p.primitive()) {
        b.beginControlFlow("if ($N == null)", local)
            .addStatement("$N = $L", local, DefaultCode.of(t, p.defaultText()))
            .endControlFlow();
      }
    }
    b.add(Accessors.create(m, values, result));
    b.addStatement("return $N", result);
    return b.build();
  }

  /** What a required field holds, for messages: {@code int}, {@code String (@NotNull)}. */
  private static String expected(PropertyInfo p) {
    String type = p.type().type().display();
    return p.primitive() ? type : type + " (not null)";
  }

  private static CodeBlock setBit(List<String> seen, int bit) {
    return CodeBlock.builder().addStatement("$N |= 1L << $L", seen.get(bit / 64), bit % 64).build();
  }

  private static CodeBlock isClear(List<String> seen, int bit) {
    return CodeBlock.of("($N & (1L << $L)) == 0", seen.get(bit / 64), bit % 64);
  }

  /** {@code case label -> statement;}, or a block when there are several statements. */
  private static void arm(CodeBlock.Builder b, CodeBlock label, List<CodeBlock> statements) {
    if (statements.size() == 1 && isExpressionStatement(statements.get(0))) {
      b.add("case $L -> $L", label, statements.get(0));
      return;
    }
    b.add("case $L -> {\n$>", label);
    for (CodeBlock statement : statements) {
      b.add(statement);
    }
    b.add("$<}\n");
  }

  // A statement CodeBlock.addStatement made: one line ending in ";\n", no block.
  private static boolean isExpressionStatement(CodeBlock statement) {
    String text = statement.toString();
    return text.endsWith(";\n") && !text.contains("{") && !text.startsWith("//");
  }

  /** The statements that read field {@code p}'s value into {@code local}. */
  private List<CodeBlock> read(PropertyInfo p, String local, String in) {
    List<CodeBlock> out = new ArrayList<>();
    TypeInfo t = p.type().type();
    boolean required = p.required();
    if (t.typeName().isPrimitive()) {
      ScalarKind s = ((TypeInfo.Scalar) t).kind();
      String javaType = t.typeName().toString();
      if (p.hasDefault()) {
        out.add(
            statement(
                "$N = $N.tryNull() ? $L : $L",
                local,
                in,
                DefaultCode.of(t, p.defaultText()),
                readValue(p, t, in)));
      } else if (s == ScalarKind.LONG || s == ScalarKind.INT) {
        // One fused call: reads the number, and fails on a stored null like the block below.
        String method = s == ScalarKind.LONG ? "requiredInt64" : "requiredInt32";
        out.add(statement("$N = $N.$N($S)", local, in, method, javaType));
      } else {
        out.add(
            CodeBlock.builder()
                .beginControlFlow("if ($N.tryNull())", in)
                .addStatement("throw $N.mismatch($S, null)", in, javaType)
                .endControlFlow()
                .build());
        out.add(statement("$N = $N.$N()", local, in, s.readMethod()));
      }
    } else if (t instanceof TypeInfo.OptionalOf o) {
      TypeInfo v = o.value().type();
      if (isString(v)) {
        out.add(statement("$N = $T.ofNullable($N.stringOrNull())", local, Optional.class, in));
      } else {
        out.add(
            statement(
                "$N = $N.tryNull() ? $T.empty() : $T.of($L)",
                local,
                in,
                Optional.class,
                Optional.class,
                readValue(p, v, in)));
      }
    } else if (isString(t)) {
      out.add(statement("$N = $N.stringOrNull()", local, in));
      if (required) {
        out.add(nullCheck(p, local, in));
      }
    } else if (t instanceof TypeInfo.Scalar) {
      if (required) {
        out.add(
            CodeBlock.builder()
                .beginControlFlow("if ($N.tryNull())", in)
                .addStatement("throw $N.mismatch($S, null)", in, expected(p))
                .endControlFlow()
                .build());
        out.add(statement("$N = $L", local, readValue(p, t, in)));
      } else {
        out.add(statement("$N = $N.tryNull() ? null : $L", local, in, readValue(p, t, in)));
      }
    } else {
      // Codecs read the value with the null check in one call where the format allows it.
      out.add(statement("$N = $L.readOrNull($N)", local, codecs.apply(p), in));
      if (required) {
        out.add(nullCheck(p, local, in));
      }
    }
    return out;
  }

  private static CodeBlock statement(String format, Object... args) {
    return CodeBlock.builder().addStatement(format, args).build();
  }

  // A field that must not be null, stored as null: an error at the field, like a primitive's.
  private static CodeBlock nullCheck(PropertyInfo p, String local, String in) {
    return CodeBlock.builder()
        .beginControlFlow("if ($N == null)", local)
        .addStatement("throw $N.mismatch($S, null)", in, expected(p))
        .endControlFlow()
        .build();
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
