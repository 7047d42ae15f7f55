package io.osmos.processor.write;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.TypeVariableName;
import com.palantir.javapoet.WildcardTypeName;
import io.osmos.annotations.Hook;
import io.osmos.processor.model.ConstraintInfo;
import io.osmos.processor.model.HookInfo;
import io.osmos.processor.model.KeyInfo;
import io.osmos.processor.model.Marker;
import io.osmos.processor.model.ModelInfo;
import io.osmos.processor.model.PropertyInfo;
import io.osmos.processor.model.ScalarKind;
import io.osmos.processor.model.TypeInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code User_} for a model: the stored names, one typed property per stored field, the
 * composite {@code Key} record if any, the per-field checks and {@code MODEL}, the schema with the
 * codec, key handling, validation and hooks.
 */
final class MetamodelWriter {
  private final ModelInfo m;
  private final ClassName self;
  private final NameAllocator names = new NameAllocator();
  private final Map<PropertyInfo, String> constants = new LinkedHashMap<>();
  private final Map<PropertyInfo, String> checks = new LinkedHashMap<>();
  private final Map<ClassName, String> enumLookups = new LinkedHashMap<>();
  private final TypeSpec.Builder type;
  private final TypeName keyType;
  private String orNull;
  private String namesConstant;
  private String modelConstant;

  MetamodelWriter(ModelInfo m) {
    this.m = m;
    this.self = m.metamodelName();
    this.type = TypeSpec.classBuilder(self);
    KeyInfo key = m.key();
    this.keyType =
        key.composite() ? self.nestedClass("Key") : key.single().type().type().boxedName();
  }

  /** The generated names other writers refer to. */
  record Names(
      ClassName metamodel,
      TypeName keyType,
      String model,
      Map<PropertyInfo, String> properties,
      Map<PropertyInfo, String> checks) {}

  Names names() {
    return new Names(self, keyType, modelConstant, constants, checks);
  }

  TypeSpec write() {
    // Properties carry the Java field names; everything else generated gets a name that cannot
    // clash with them.
    for (PropertyInfo p : m.stored()) {
      constants.put(p, names.newName(p.name(), p));
    }
    namesConstant = Fresh.name(names, "NAMES");
    modelConstant = Fresh.name(names, "MODEL");
    type.addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addJavadoc(
            "The metamodel of {@link $T}: typed properties for queries and patches, and"
                + " {@link #$L}, its\nschema and codec.\n",
            m.name(),
            modelConstant);

    type.addField(
        FieldSpec.builder(
                RuntimeTypes.FIELD_NAMES,
                namesConstant,
                Modifier.PUBLIC,
                Modifier.STATIC,
                Modifier.FINAL)
            .addJavadoc(
                m.stored().stream().anyMatch(p -> !p.aliases().isEmpty())
                    ? "The stored field names, in field order, then their former names.\n"
                    : "The stored field names, in field order.\n")
            .initializer(ObjectCodecCode.names(m))
            .build());
    int index = 0;
    for (PropertyInfo p : m.stored()) {
      type.addField(property(p, index++));
    }
    TypeName schemaType = ParameterizedTypeName.get(RuntimeTypes.MODEL_SCHEMA, m.name(), keyType);
    type.addField(
        FieldSpec.builder(
                schemaType, modelConstant, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc(
                "The schema of {@link $T}: fields, key, indexes, codec and checks.\n", m.name())
            .initializer("new Schema()")
            .build());
    type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());

    CheckCode checkCode = new CheckCode(self, type, names);
    for (PropertyInfo p : m.stored()) {
      String check = checkCode.addCheck(p);
      if (check != null) {
        checks.put(p, check);
      }
    }
    if (m.key().composite()) {
      type.addType(keyRecord());
    }
    type.addType(schema(schemaType, checkCode));
    if (!m.stored().isEmpty()) {
      type.addType(getterType());
    }
    if (orNull != null) {
      type.addMethod(Accessors.orNullMethod(orNull));
    }
    for (Map.Entry<ClassName, String> e : enumLookups.entrySet()) {
      type.addMethod(
          MethodSpec.methodBuilder(e.getValue())
              .addJavadoc("The constant named {@code name}, found without reflection.\n")
              .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
              .returns(e.getKey())
              .addParameter(String.class, "name")
              .beginControlFlow("if (name == null)")
              .addStatement("return null")
              .endControlFlow()
              .beginControlFlow("for ($T value : $T.values())", e.getKey(), e.getKey())
              .beginControlFlow("if (value.name().equals(name))")
              .addStatement("return value")
              .endControlFlow()
              .endControlFlow()
              .addStatement(
                  "throw new $T($S + name)",
                  IllegalArgumentException.class,
                  "no " + e.getKey().simpleName() + " constant named ")
              .build());
    }
    return type.build();
  }

  // ---- properties -----------------------------------------------------------------------

  private FieldSpec property(PropertyInfo p, int index) {
    TypeInfo value = p.valueType();
    TypeName propertyType = TypeCode.propertyType(m.name(), value);
    String role =
        p.has(Marker.KEY)
            ? "KEY"
            : p.has(Marker.VERSION) ? "VERSION" : p.has(Marker.TIMESTAMP) ? "TIMESTAMP" : "PLAIN";
    CodeBlock descriptor =
        TypeCode.descriptor(p, index, TypeCode.fieldType(p.type().type(), null), role);
    return FieldSpec.builder(
            propertyType, constants.get(p), Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc(
            "{@code $L}$L.\n",
            p.name(),
            p.storedName().equals(p.name()) ? "" : ", stored as {@code " + p.storedName() + "}")
        .initializer(
            // Explicit type arguments, not a diamond: spares javac an inference per constant.
            "new $T(\n$>$>$L,\n$L,\n$L$<$<)",
            propertyType,
            descriptor,
            TypeCode.codec(value),
            getter(p, index))
        .build();
  }

  /**
   * {@code new Getter<V>(index)}: one generated class reads every field, where a lambda or method
   * reference per field would cost javac (and class initialization) a translation each.
   */
  private CodeBlock getter(PropertyInfo p, int index) {
    return CodeBlock.of("new $T<$T>($L)", getterClass(), p.valueType().boxedName(), index);
  }

  private ClassName getterClass() {
    return self.nestedClass("Getter");
  }

  /** The class behind {@link #getter}: a switch over the stored fields. */
  private TypeSpec getterType() {
    TypeVariableName v = TypeVariableName.get("V");
    CodeBlock.Builder cases = CodeBlock.builder().add("return switch (field) {\n$>");
    int index = 0;
    for (PropertyInfo p : m.stored()) {
      cases.add("case $L -> $L;\n", index++, readValue(p, "model"));
    }
    cases.add("default -> throw new $T(field);\n", IndexOutOfBoundsException.class);
    cases.add("$<};\n");
    return TypeSpec.classBuilder(getterClass())
        .addJavadoc(
            "Reads the field at {@code field}, in {@link #$L} order, for the properties.\n",
            namesConstant)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addTypeVariable(v)
        .addSuperinterface(ParameterizedTypeName.get(ClassName.get(Function.class), m.name(), v))
        .addField(TypeName.INT, "field", Modifier.PRIVATE, Modifier.FINAL)
        .addMethod(
            MethodSpec.constructorBuilder()
                .addParameter(TypeName.INT, "field")
                .addStatement("this.field = field")
                .build())
        .addMethod(
            override("apply", v)
                .addAnnotation(
                    AnnotationSpec.builder(SuppressWarnings.class)
                        .addMember("value", "$S", "unchecked")
                        .build())
                .addParameter(m.name(), "model")
                // the property's type argument V is the type of the field at `field`
                .addStatement("return ($T) value(field, model)", v)
                .build())
        .addMethod(
            MethodSpec.methodBuilder("value")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(Object.class)
                .addParameter(TypeName.INT, "field")
                .addParameter(m.name(), "model")
                .addCode(cases.build())
                .build())
        .build();
  }

  private String orNull() {
    if (orNull == null) {
      orNull = Fresh.name(names, "orNull");
    }
    return orNull;
  }

  private CodeBlock readValue(PropertyInfo p, String target) {
    CodeBlock read = Accessors.read(p, target);
    return p.optional() ? CodeBlock.of("$T.$N($L)", self, orNull(), read) : read;
  }

  // ---- key --------------------------------------------------------------------------------

  private TypeSpec keyRecord() {
    MethodSpec.Builder ctor = MethodSpec.constructorBuilder();
    for (PropertyInfo p : m.key().fields()) {
      ctor.addParameter(p.type().type().typeName(), p.name());
    }
    return TypeSpec.recordBuilder("Key")
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("The composite key of {@link $T}, components in field order.\n", m.name())
        .recordConstructor(ctor.build())
        .build();
  }

  private TypeSpec schema(TypeName schemaType, CheckCode checkCode) {
    KeyInfo key = m.key();
    TypeSpec.Builder s =
        TypeSpec.classBuilder("Schema")
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .superclass(schemaType);
    List<CodeBlock> fields = new ArrayList<>();
    for (PropertyInfo p : m.stored()) {
      fields.add(CodeBlock.of("$T.$N.descriptor()", self, constants.get(p)));
    }
    List<CodeBlock> keys = new ArrayList<>();
    for (PropertyInfo p : key.fields()) {
      keys.add(CodeBlock.of("$T.$N", self, constants.get(p)));
    }
    List<CodeBlock> indexes = new ArrayList<>();
    for (var i : m.indexes()) {
      indexes.add(CodeBlock.of("$T.$N", self, constants.get(i.property())));
    }
    TypeName anyProperty =
        ParameterizedTypeName.get(
            RuntimeTypes.PROPERTY, m.name(), WildcardTypeName.subtypeOf(Object.class));
    s.addMethod(
        MethodSpec.constructorBuilder()
            .addStatement(
                // Explicit type arguments: List.of calls as arguments of a constructor call are
                // otherwise inferred once per List.of overload javac tries.
                "super(\n$S,\n$S,\n$S,\n$T.$N,\n$T.$N,\n$T.<$T>of($L),\n$T.<$T>of($L),\n"
                    + "$T.<$T>of($L),\n$T.$N)",
                m.simpleName(),
                m.settings().bucket(),
                m.settings().driver(),
                RuntimeTypes.MODEL_KIND,
                m.settings().kind().name(),
                self,
                namesConstant,
                List.class,
                RuntimeTypes.FIELD_DESCRIPTOR,
                CodeBlock.join(fields, ",$W"),
                List.class,
                anyProperty,
                CodeBlock.join(keys, ",$W"),
                List.class,
                anyProperty,
                CodeBlock.join(indexes, ",$W"),
                RuntimeTypes.KEY_GENERATION,
                key.generation().name())
            .build());
    keyMethods(s);
    versionMethods(s);
    timestampMethods(s);
    ObjectCodecCode codec =
        new ObjectCodecCode(
            m, self, namesConstant, p -> CodeBlock.of("$T.$N.codec()", self, constants.get(p)));
    s.addMethod(
        override("encode", TypeName.VOID)
            .addParameter(m.name(), "model")
            .addParameter(RuntimeTypes.FIELD_WRITER, "out")
            .addCode(codec.encode("model", "out"))
            .build());
    s.addMethod(
        override("decode", m.name())
            .addParameter(RuntimeTypes.FIELD_READER, "in")
            .addCode(codec.decode("in"))
            .build());
    s.addMethod(validate(checkCode));
    if (!m.hooks().isEmpty()) {
      s.addMethod(onHook());
    }
    return s.build();
  }

  private static MethodSpec.Builder override(String name, TypeName returns) {
    return MethodSpec.methodBuilder(name)
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(returns);
  }

  private void keyMethods(TypeSpec.Builder s) {
    KeyInfo key = m.key();
    MethodSpec.Builder get = override("key", keyType).addParameter(m.name(), "model");
    if (key.composite()) {
      List<CodeBlock> args = new ArrayList<>();
      List<CodeBlock> missing = new ArrayList<>();
      for (PropertyInfo p : key.fields()) {
        CodeBlock read = Accessors.read(p, "model");
        args.add(read);
        if (!p.primitive()) {
          missing.add(CodeBlock.of("$L == null", read));
        }
      }
      if (!missing.isEmpty()) {
        get.beginControlFlow("if ($L)", CodeBlock.join(missing, " || "))
            .addStatement("return null")
            .endControlFlow();
      }
      get.addStatement("return new $T($L)", keyType, CodeBlock.join(args, ",$W"));
    } else {
      PropertyInfo p = key.single();
      if (p.primitive() && key.generation() == KeyInfo.Generation.LONG) {
        get.addComment("0 is the missing key: the store generates one on insert")
            .addStatement("long key = $L", Accessors.read(p, "model"))
            .addStatement("return key == 0 ? null : key");
      } else {
        get.addStatement("return $L", Accessors.read(p, "model"));
      }
    }
    s.addMethod(get.build());

    MethodSpec.Builder with =
        override("withKey", m.name()).addParameter(m.name(), "model").addParameter(keyType, "key");
    Map<PropertyInfo, CodeBlock> keyValues = new LinkedHashMap<>();
    for (PropertyInfo p : key.fields()) {
      keyValues.put(p, key.composite() ? CodeBlock.of("key.$N()", p.name()) : CodeBlock.of("key"));
    }
    replace(with, keyValues);
    s.addMethod(with.build());

    MethodSpec.Builder components =
        override("keyComponents", TypeName.get(Object[].class)).addParameter(keyType, "key");
    List<CodeBlock> parts = new ArrayList<>();
    for (PropertyInfo p : key.fields()) {
      CodeBlock v = key.composite() ? CodeBlock.of("key.$N()", p.name()) : CodeBlock.of("key");
      parts.add(component(p, v, key.composite() && !p.primitive()));
    }
    components.addStatement("return new $T[] {$L}", Object.class, CodeBlock.join(parts, ",$W"));
    s.addMethod(components.build());

    MethodSpec.Builder of = override("keyOf", keyType).addParameter(Object[].class, "components");
    List<CodeBlock> values = new ArrayList<>();
    int i = 0;
    for (PropertyInfo p : key.fields()) {
      values.add(
          fromComponent(p, CodeBlock.of("components[$L]", i++), key.composite() && !p.primitive()));
    }
    if (key.composite()) {
      of.addStatement("return new $T($L)", keyType, CodeBlock.join(values, ",$W"));
    } else {
      of.addStatement("return $L", values.get(0));
    }
    s.addMethod(of.build());
  }

  /** A key value as a tuple element: integers as Long, enums by name. */
  private CodeBlock component(PropertyInfo p, CodeBlock v, boolean nullable) {
    TypeInfo t = p.type().type();
    CodeBlock converted;
    if (t instanceof TypeInfo.Enumeration) {
      converted = CodeBlock.of("$L.name()", v);
    } else if (t instanceof TypeInfo.Scalar s
        && s.kind().integral()
        && s.kind() != ScalarKind.LONG) {
      converted = s.primitive() ? CodeBlock.of("(long) $L", v) : CodeBlock.of("$L.longValue()", v);
    } else {
      return v;
    }
    return nullable ? CodeBlock.of("$L == null ? null : $L", v, converted) : converted;
  }

  /** A tuple element back as the key field's type. */
  private CodeBlock fromComponent(PropertyInfo p, CodeBlock c, boolean nullable) {
    TypeInfo t = p.type().type();
    CodeBlock converted;
    if (t instanceof TypeInfo.Enumeration e) {
      String lookup =
          enumLookups.computeIfAbsent(
              e.name(),
              n ->
                  Fresh.name(
                      names,
                      Character.toLowerCase(n.simpleName().charAt(0))
                          + n.simpleName().substring(1)
                          + "Of"));
      return CodeBlock.of("$T.$N(($T) $L)", self, lookup, String.class, c);
    } else if (t instanceof TypeInfo.Scalar s && s.kind().integral()) {
      String method =
          switch (s.kind()) {
            case BYTE -> "byteValue";
            case SHORT -> "shortValue";
            case INT -> "intValue";
            default -> "longValue";
          };
      converted = CodeBlock.of("(($T) $L).$N()", Number.class, c, method);
    } else {
      return CodeBlock.of("($T) $L", t.boxedName(), c);
    }
    return nullable ? CodeBlock.of("$L == null ? null : $L", c, converted) : converted;
  }

  /**
   * Body of a {@code withX} method: a record gets a new instance with the values replaced; a class
   * is updated through its setters and returned.
   */
  private void replace(MethodSpec.Builder method, Map<PropertyInfo, CodeBlock> replaced) {
    if (m.record()) {
      Map<String, CodeBlock> values = new LinkedHashMap<>();
      for (PropertyInfo p : m.properties()) {
        CodeBlock v = replaced.get(p);
        values.put(p.name(), v != null ? v : Accessors.read(p, "model"));
      }
      method.addStatement("return new $T($L)", m.name(), Accessors.arguments(m, values));
    } else {
      for (Map.Entry<PropertyInfo, CodeBlock> e : replaced.entrySet()) {
        method.addStatement(Accessors.write(e.getKey(), "model", e.getValue()));
      }
      method.addStatement("return model");
    }
  }

  // ---- version and timestamp -------------------------------------------------------------

  private void versionMethods(TypeSpec.Builder s) {
    PropertyInfo v = m.version();
    if (v == null) {
      return;
    }
    s.addMethod(override("versioned", TypeName.BOOLEAN).addStatement("return true").build());
    MethodSpec.Builder get = override("version", TypeName.LONG).addParameter(m.name(), "model");
    if (v.primitive()) {
      get.addStatement("return $L", Accessors.read(v, "model"));
    } else {
      get.addStatement("$T version = $L", v.type().type().typeName(), Accessors.read(v, "model"))
          .addStatement("return version == null ? 0L : version");
    }
    s.addMethod(get.build());
    boolean isInt = ((TypeInfo.Scalar) v.type().type()).kind() == ScalarKind.INT;
    MethodSpec.Builder with =
        override("withVersion", m.name())
            .addParameter(m.name(), "model")
            .addParameter(TypeName.LONG, "version");
    replace(with, Map.of(v, isInt ? CodeBlock.of("(int) version") : CodeBlock.of("version")));
    s.addMethod(with.build());
    s.addMethod(
        override("versionField", ClassName.get(String.class))
            .addStatement("return $S", v.storedName())
            .build());
  }

  private void timestampMethods(TypeSpec.Builder s) {
    PropertyInfo t = m.timestamp();
    if (t == null) {
      return;
    }
    s.addMethod(override("timestamped", TypeName.BOOLEAN).addStatement("return true").build());
    s.addMethod(
        override("timestamp", ClassName.get(Instant.class))
            .addParameter(m.name(), "model")
            .addStatement("return $L", Accessors.read(t, "model"))
            .build());
    MethodSpec.Builder with =
        override("withTimestamp", m.name())
            .addParameter(m.name(), "model")
            .addParameter(Instant.class, "timestamp");
    replace(with, Map.of(t, CodeBlock.of("timestamp")));
    s.addMethod(with.build());
  }

  // ---- validation and hooks --------------------------------------------------------------

  private MethodSpec validate(CheckCode checkCode) {
    MethodSpec.Builder v =
        override("validate", TypeName.VOID)
            .addParameter(m.name(), "model")
            .addParameter(RuntimeTypes.VIOLATIONS, "violations");
    for (Map.Entry<PropertyInfo, String> e : checks.entrySet()) {
      v.addStatement("$T.$N($L, violations)", self, e.getValue(), readValue(e.getKey(), "model"));
    }
    NameAllocator locals = new NameAllocator();
    Fresh.name(locals, "model");
    Fresh.name(locals, "violations");
    for (ConstraintInfo c : m.typeConstraints()) {
      v.addCode(checkCode.typeValidator(c, m.simpleName(), "model", "violations", locals));
    }
    return v.build();
  }

  private MethodSpec onHook() {
    MethodSpec.Builder h =
        override("onHook", m.name())
            .addParameter(ParameterSpec.builder(RuntimeTypes.HOOK_EVENT, "event").build())
            .addParameter(m.name(), "model");
    h.beginControlFlow("switch (event)");
    for (Hook.Event event : Hook.Event.values()) {
      List<HookInfo> handlers = new ArrayList<>();
      for (HookInfo hook : m.hooks()) {
        if (hook.events().contains(event)) {
          handlers.add(hook);
        }
      }
      if (handlers.isEmpty()) {
        continue;
      }
      h.addCode("case $N -> {\n$>", event.name());
      for (HookInfo hook : handlers) {
        if (hook.returnsModel()) {
          h.addStatement(
              "model = $T.requireNonNull(model.$N(), $S)",
              Objects.class,
              hook.name(),
              hook.name() + "() returned null; return the model to carry on with");
        } else {
          h.addStatement("model.$N()", hook.name());
        }
      }
      h.addCode("$<}\n");
    }
    h.addCode("default -> {}\n");
    h.endControlFlow();
    h.addStatement("return model");
    return h.build();
  }
}
