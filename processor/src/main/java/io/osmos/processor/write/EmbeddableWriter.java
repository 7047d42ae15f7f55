package io.osmos.processor.write;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.TypeSpec;
import io.osmos.processor.model.ConstraintInfo;
import io.osmos.processor.model.ModelInfo;
import io.osmos.processor.model.PropertyInfo;
import io.osmos.processor.model.TypeInfo;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code Address_} for an embeddable: its stored names, {@code TYPE} (what it looks like
 * stored), {@code CODEC} (how models containing it write and read it) and {@code validate}.
 */
final class EmbeddableWriter {
  private final ModelInfo m;
  private final ClassName self;
  private final NameAllocator names = new NameAllocator();

  EmbeddableWriter(ModelInfo m) {
    this.m = m;
    this.self = m.metamodelName();
  }

  TypeSpec write() {
    String namesConstant = Fresh.name(names, "NAMES");
    String typeConstant = Fresh.name(names, "TYPE");
    String codecConstant = Fresh.name(names, "CODEC");
    TypeSpec.Builder type =
        TypeSpec.classBuilder(self)
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addJavadoc(
                "The codec, stored shape and checks of the embeddable {@link $T}.\n", m.name());
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
    Deque<String> stack = new ArrayDeque<>();
    stack.push(m.name().canonicalName());
    type.addField(
        FieldSpec.builder(
                RuntimeTypes.STRUCT, typeConstant, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc("What a stored {@code $L} looks like.\n", m.simpleName())
            .initializer(TypeCode.struct(m, m, stack))
            .build());
    // CODEC comes before the field codecs: a nested type that contains this one again (through
    // a list, say) reads CODEC while this class is still being initialized.
    type.addField(
        FieldSpec.builder(
                TypeCode.codecType(m.name()),
                codecConstant,
                Modifier.PUBLIC,
                Modifier.STATIC,
                Modifier.FINAL)
            .addJavadoc("Writes and reads a {@code $L} as a nested object.\n", m.simpleName())
            .initializer("new Codec()")
            .build());
    Map<PropertyInfo, String> fieldCodecs = new LinkedHashMap<>();
    for (PropertyInfo p : m.stored()) {
      TypeInfo v = p.valueType();
      if (v instanceof TypeInfo.Scalar) {
        continue;
      }
      String name = Fresh.name(names, CheckCode.upperSnake(p.name()) + "_CODEC");
      fieldCodecs.put(p, name);
      type.addField(
          FieldSpec.builder(
                  TypeCode.codecType(v.boxedName()),
                  name,
                  Modifier.PRIVATE,
                  Modifier.STATIC,
                  Modifier.FINAL)
              .initializer(TypeCode.codec(v))
              .build());
    }
    type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());

    CheckCode checkCode = new CheckCode(self, type, names);
    Map<PropertyInfo, String> checks = new LinkedHashMap<>();
    for (PropertyInfo p : m.stored()) {
      String check = checkCode.addCheck(p);
      if (check != null) {
        checks.put(p, check);
      }
    }
    String orNull = null;
    MethodSpec.Builder validate =
        MethodSpec.methodBuilder("validate")
            .addJavadoc("Checks every constraint of {@code value} and of the types it nests.\n")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .addParameter(m.name(), "value")
            .addParameter(RuntimeTypes.VIOLATIONS, "violations");
    for (Map.Entry<PropertyInfo, String> e : checks.entrySet()) {
      CodeBlock read = Accessors.read(e.getKey(), "value");
      if (e.getKey().optional()) {
        orNull = orNull == null ? Fresh.name(names, "orNull") : orNull;
        read = CodeBlock.of("$N($L)", orNull, read);
      }
      validate.addStatement("$N($L, violations)", e.getValue(), read);
    }
    NameAllocator locals = new NameAllocator();
    Fresh.name(locals, "value");
    Fresh.name(locals, "violations");
    for (ConstraintInfo c : m.typeConstraints()) {
      validate.addCode(checkCode.typeValidator(c, m.simpleName(), "value", "violations", locals));
    }
    type.addMethod(validate.build());
    if (orNull != null) {
      type.addMethod(Accessors.orNullMethod(orNull));
    }

    ObjectCodecCode codec =
        new ObjectCodecCode(
            m, self, namesConstant, p -> CodeBlock.of("$T.$N", self, fieldCodecs.get(p)));
    type.addType(
        TypeSpec.classBuilder("Codec")
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .addSuperinterface(TypeCode.codecType(m.name()))
            .addMethod(
                MethodSpec.methodBuilder("write")
                    .addAnnotation(Override.class)
                    .addModifiers(Modifier.PUBLIC)
                    .addParameter(m.name(), "value")
                    .addParameter(RuntimeTypes.FIELD_WRITER, "out")
                    .addCode(codec.encode("value", "out"))
                    .build())
            .addMethod(
                MethodSpec.methodBuilder("read")
                    .addAnnotation(Override.class)
                    .addModifiers(Modifier.PUBLIC)
                    .returns(m.name())
                    .addParameter(RuntimeTypes.FIELD_READER, "in")
                    .addCode(codec.decode("in"))
                    .build())
            .addMethod(
                MethodSpec.methodBuilder("type")
                    .addAnnotation(Override.class)
                    .addModifiers(Modifier.PUBLIC)
                    .returns(RuntimeTypes.FIELD_TYPE)
                    .addStatement("return $T.$N", self, typeConstant)
                    .build())
            .build());
    return type.build();
  }
}
