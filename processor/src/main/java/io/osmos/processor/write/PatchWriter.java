package io.osmos.processor.write;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.osmos.processor.model.Marker;
import io.osmos.processor.model.ModelInfo;
import io.osmos.processor.model.PropertyInfo;
import io.osmos.processor.model.TypeInfo;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code UserPatch}: a typed builder of field-level changes, one setter per stored field
 * (keys and versions excepted), {@code incrementX} for numbers, and a {@code validate} that runs
 * each set value through its field's checks.
 */
final class PatchWriter {
  // Members of Patch and Object a generated method must not take the name of.
  private static final String[] RESERVED = {
    "ops", "isEmpty", "expectedVersion", "validate", "addSet", "addIncrement",
    "setExpectedVersion", "expectVersion", "getClass", "hashCode", "equals", "clone",
    "toString", "notify", "notifyAll", "wait", "finalize"
  };

  private final ModelInfo m;
  private final MetamodelWriter.Names meta;

  PatchWriter(ModelInfo m, MetamodelWriter.Names meta) {
    this.m = m;
    this.meta = meta;
  }

  TypeSpec write() {
    ClassName self = m.patchName();
    NameAllocator names = new NameAllocator();
    for (String r : RESERVED) {
      Fresh.name(names, r);
    }
    TypeSpec.Builder type =
        TypeSpec.classBuilder(self)
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .superclass(ParameterizedTypeName.get(RuntimeTypes.PATCH, m.name()))
            // Patch declares Set, Op and Increment: spell java.util.Set and others out in full.
            .alwaysQualify("Set", "Op", "Increment")
            .addJavadoc(
                "Field-level changes to a {@link $T}, applied atomically by\n"
                    + "{@code $T.update(key, patch)}.\n",
                m.name(),
                m.repositoryName())
            .addMethod(
                MethodSpec.constructorBuilder()
                    .addJavadoc("An empty patch; add changes with the methods below.\n")
                    .addModifiers(Modifier.PUBLIC)
                    .build());
    for (PropertyInfo p : m.stored()) {
      if (p.has(Marker.KEY) || p.has(Marker.VERSION)) {
        continue;
      }
      String property = meta.properties().get(p);
      TypeName valueType = p.optional() ? p.valueType().boxedName() : p.type().type().typeName();
      type.addMethod(
          MethodSpec.methodBuilder(Fresh.name(names, p.name()))
              .addJavadoc("Sets {@code $L}$L.\n", p.name(), p.nullable() ? " (null clears it)" : "")
              .addModifiers(Modifier.PUBLIC)
              .returns(self)
              .addParameter(valueType, "value")
              // An explicit type argument spares javac inferring V for each setter.
              .addStatement(
                  "this.<$T>addSet($T.$N, value)",
                  p.valueType().boxedName(),
                  meta.metamodel(),
                  property)
              .addStatement("return this")
              .build());
      if (!p.optional() && p.type().type() instanceof TypeInfo.Scalar s && s.kind().number()) {
        TypeName delta = s.kind().primitive();
        type.addMethod(
            MethodSpec.methodBuilder(Fresh.name(names, "increment" + p.capitalized()))
                .addJavadoc(
                    "Adds {@code delta} to {@code $L} atomically (a missing value counts as"
                        + " 0).\n",
                    p.name())
                .addModifiers(Modifier.PUBLIC)
                .returns(self)
                .addParameter(delta, "delta")
                .addStatement("addIncrement($T.$N, delta)", meta.metamodel(), property)
                .addStatement("return this")
                .build());
      }
    }
    if (m.version() != null) {
      type.addMethod(
          MethodSpec.methodBuilder("expectVersion")
              .addJavadoc(
                  "Applies the patch only if the stored {@code $L} is {@code version}.\n",
                  m.version().name())
              .addModifiers(Modifier.PUBLIC)
              .returns(self)
              .addParameter(TypeName.LONG, "version")
              .addStatement("setExpectedVersion(version)")
              .addStatement("return this")
              .build());
    }
    type.addMethod(validate());
    return type.build();
  }

  private MethodSpec validate() {
    ClassName op = RuntimeTypes.PATCH.nestedClass("Op");
    ClassName set = RuntimeTypes.PATCH.nestedClass("Set");
    MethodSpec.Builder v =
        MethodSpec.methodBuilder("validate")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .addParameter(RuntimeTypes.VIOLATIONS, "violations");
    CodeBlock.Builder cases = CodeBlock.builder();
    boolean unchecked = false;
    for (PropertyInfo p : m.stored()) {
      String check = meta.checks().get(p);
      if (check == null || p.has(Marker.KEY) || p.has(Marker.VERSION)) {
        continue;
      }
      TypeName checked = CheckCode.checkedType(p);
      TypeName cast = checked.isPrimitive() ? checked.box() : checked;
      unchecked |= cast instanceof ParameterizedTypeName;
      cases.addStatement(
          "case $L -> $T.$N(($T) set.value(), violations)",
          m.stored().indexOf(p),
          meta.metamodel(),
          check,
          cast);
    }
    if (unchecked) {
      v.addAnnotation(
          AnnotationSpec.builder(SuppressWarnings.class)
              .addMember("value", "$S", "unchecked")
              .build());
    }
    CodeBlock body = cases.build();
    if (body.isEmpty()) {
      v.addComment("no field of $L has constraints", m.simpleName());
      return v.build();
    }
    return v.beginControlFlow("for ($T op : ops())", ParameterizedTypeName.get(op, m.name()))
        .beginControlFlow(
            "if (op instanceof $T set)",
            ParameterizedTypeName.get(
                set, m.name(), com.palantir.javapoet.WildcardTypeName.subtypeOf(Object.class)))
        .beginControlFlow("switch (set.property().descriptor().index())")
        .addCode(body)
        .addCode("default -> {}\n")
        .endControlFlow()
        .endControlFlow()
        .endControlFlow()
        .build();
  }
}
