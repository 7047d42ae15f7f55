package io.osmos.processor.write;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import io.osmos.processor.model.ModelInfo;
import io.osmos.processor.model.PropertyInfo;
import io.osmos.processor.model.ScalarKind;
import io.osmos.processor.model.TypeInfo;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code _Book}, Jakarta Data's static metamodel of an entity {@code Book}: for each
 * attribute a name constant ({@code TITLE = "title"}) and an attribute object ({@code title}, a
 * {@code TextAttribute} for text, a {@code SortableAttribute} for other ordered values, else an
 * {@code Attribute}) that builds type-safe sorts: {@code _Book.title.desc()}.
 */
final class StaticMetamodelWriter {
  private static final String METAMODEL = "jakarta.data.metamodel";
  private static final ClassName STATIC_METAMODEL = ClassName.get(METAMODEL, "StaticMetamodel");
  private static final ClassName ATTRIBUTE = ClassName.get(METAMODEL, "Attribute");
  private static final ClassName SORTABLE = ClassName.get(METAMODEL, "SortableAttribute");
  private static final ClassName TEXT = ClassName.get(METAMODEL, "TextAttribute");
  private static final String IMPL = METAMODEL + ".impl";

  private final ModelInfo m;

  StaticMetamodelWriter(ModelInfo m) {
    this.m = m;
  }

  /** {@code _Book} for {@code Book}. */
  static ClassName name(ModelInfo m) {
    return ClassName.get(m.name().packageName(), "_" + String.join("_", m.name().simpleNames()));
  }

  TypeSpec write() {
    TypeSpec.Builder type =
        TypeSpec.classBuilder(name(m))
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addAnnotation(
                AnnotationSpec.builder(STATIC_METAMODEL)
                    .addMember("value", "$T.class", m.name())
                    .build())
            .addJavadoc(
                "Jakarta Data's static metamodel of {@link $T}: attribute names and type-safe"
                    + " sorts.\n",
                m.name());
    NameAllocator names = new NameAllocator();
    for (PropertyInfo p : m.stored()) {
      names.newName(p.name(), p);
    }
    for (PropertyInfo p : m.stored()) {
      String constant = names.newName(JakartaRepositoryWriter.upperSnake(p.name()), p.name() + "#");
      type.addField(
          FieldSpec.builder(
                  String.class, constant, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
              .addJavadoc("The name of {@code $L}.\n", p.name())
              .initializer("$S", p.name())
              .build());
      ClassName kind = kind(p);
      String record = kind.simpleName() + "Record";
      type.addField(
          FieldSpec.builder(
                  ParameterizedTypeName.get(kind, m.name()),
                  names.get(p),
                  Modifier.PUBLIC,
                  Modifier.STATIC,
                  Modifier.FINAL)
              .addJavadoc("The attribute {@code $L}.\n", p.name())
              .initializer("new $T<>($L)", ClassName.get(IMPL, record), constant)
              .build());
    }
    type.addMethod(
        com.palantir.javapoet.MethodSpec.constructorBuilder()
            .addModifiers(Modifier.PRIVATE)
            .build());
    return type.build();
  }

  private static ClassName kind(PropertyInfo p) {
    TypeInfo t = p.valueType();
    if (t instanceof TypeInfo.Scalar s) {
      if (s.kind() == ScalarKind.STRING) {
        return TEXT;
      }
      return s.kind() == ScalarKind.BYTES ? ATTRIBUTE : SORTABLE;
    }
    return t instanceof TypeInfo.Enumeration ? SORTABLE : ATTRIBUTE;
  }
}
