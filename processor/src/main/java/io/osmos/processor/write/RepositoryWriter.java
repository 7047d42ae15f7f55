package io.osmos.processor.write;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.osmos.annotations.Model;
import io.osmos.processor.model.IndexInfo;
import io.osmos.processor.model.ModelInfo;
import io.osmos.processor.model.PropertyInfo;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code UserRepository}: the constructors that bind it to a driver by name, a typed {@code
 * update} taking a patch lambda (documents), and two finders per {@code @Index} field.
 */
final class RepositoryWriter {
  private final ModelInfo m;
  private final MetamodelWriter.Names meta;

  RepositoryWriter(ModelInfo m, MetamodelWriter.Names meta) {
    this.m = m;
    this.meta = meta;
  }

  TypeSpec write() {
    boolean document = m.settings().kind() == Model.Kind.DOCUMENT;
    ClassName base = document ? RuntimeTypes.DOCUMENT_REPOSITORY : RuntimeTypes.STREAM_REPOSITORY;
    TypeName keyType = meta.keyType();
    ClassName self = m.repositoryName();
    TypeSpec.Builder type =
        TypeSpec.classBuilder(self)
            .addModifiers(Modifier.PUBLIC)
            .superclass(ParameterizedTypeName.get(base, m.name(), keyType))
            .addJavadoc(
                "The repository of {@link $T}, bound to a driver registered in {@link $T} by"
                    + " name.\n",
                m.name(),
                RuntimeTypes.OSMOS);
    type.addMethod(
        MethodSpec.constructorBuilder()
            .addJavadoc(
                "Binds to the driver registered as {@code $S} in {@code osmos}.\n",
                m.settings().driver())
            .addModifiers(Modifier.PUBLIC)
            .addParameter(RuntimeTypes.OSMOS, "osmos")
            .addStatement("super(osmos, $T.$N)", meta.metamodel(), meta.model())
            .build());
    type.addMethod(
        MethodSpec.constructorBuilder()
            .addJavadoc("Binds to the driver registered as {@code driverName} in {@code osmos}.\n")
            .addModifiers(Modifier.PUBLIC)
            .addParameter(RuntimeTypes.OSMOS, "osmos")
            .addParameter(String.class, "driverName")
            .addStatement("super(osmos, driverName, $T.$N)", meta.metamodel(), meta.model())
            .build());
    type.addMethod(
        MethodSpec.constructorBuilder()
            .addJavadoc(
                "Binds to the driver registered as {@code $S} in {@link $T#global()}.\n",
                m.settings().driver(),
                RuntimeTypes.OSMOS)
            .addModifiers(Modifier.PUBLIC)
            .addStatement("this($T.global())", RuntimeTypes.OSMOS)
            .build());
    NameAllocator names = new NameAllocator();
    for (String reserved :
        List.of(
            "get",
            "getAll",
            "find",
            "findAll",
            "findFirst",
            "count",
            "scan",
            "insert",
            "save",
            "saveAll",
            "update",
            "delete",
            "deleteAll",
            "validate",
            "schema",
            "hooks",
            "osmos")) {
      Fresh.name(names, reserved);
    }
    if (document) {
      ClassName patch = m.patchName();
      type.addMethod(
          MethodSpec.methodBuilder("update")
              .addJavadoc(
                  "Applies the changes {@code patch} makes to a fresh {@link $T}, atomically"
                      + " per field:\n{@code update(key, p -> p.email(\"new@example.org\"))}.\n\n"
                      + "@return the model after the patch, or empty when no model has that key\n",
                  patch)
              .addModifiers(Modifier.PUBLIC)
              .returns(ParameterizedTypeName.get(ClassName.get(Optional.class), m.name()))
              .addParameter(keyType, "key")
              .addParameter(
                  ParameterizedTypeName.get(ClassName.get(Consumer.class), patch), "patch")
              .addStatement("$T changes = new $T()", patch, patch)
              .addStatement("patch.accept(changes)")
              .addStatement("return update(key, changes)")
              .build());
    }
    for (IndexInfo index : m.indexes()) {
      PropertyInfo p = index.property();
      String finder = Fresh.name(names, index.finder());
      TypeName param =
          p.valueType().typeName().isPrimitive() && !p.optional()
              ? p.valueType().typeName()
              : p.valueType().boxedName();
      String property = meta.properties().get(p);
      type.addMethod(
          MethodSpec.methodBuilder(finder)
              .addJavadoc(
                  "Every {@link $T} whose {@code $L} equals {@code value}, through the index.\n",
                  m.name(),
                  p.name())
              .addModifiers(Modifier.PUBLIC)
              .returns(ParameterizedTypeName.get(ClassName.get(List.class), m.name()))
              .addParameter(param, "value")
              .addStatement("return findAll($T.$N.eq(value))", meta.metamodel(), property)
              .build());
      type.addMethod(
          MethodSpec.methodBuilder(finder)
              .addJavadoc(
                  "One page of the {@link $T}s whose {@code $L} equals {@code value}.\n",
                  m.name(),
                  p.name())
              .addModifiers(Modifier.PUBLIC)
              .returns(ParameterizedTypeName.get(RuntimeTypes.PAGE, m.name()))
              .addParameter(param, "value")
              .addParameter(RuntimeTypes.PAGE_REQUEST, "page")
              .addStatement("return find($T.$N.eq(value), page)", meta.metamodel(), property)
              .build());
    }
    type.addType(factory(self));
    return type.build();
  }

  /** The repository's entry in the repository index, which {@code Osmos.repository} uses. */
  static TypeSpec factory(ClassName repository) {
    return TypeSpec.classBuilder(RepositoryIndexWriter.FACTORY)
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addSuperinterface(ParameterizedTypeName.get(RuntimeTypes.REPOSITORY_FACTORY, repository))
        .addJavadoc(
            "Makes {@link $T}s for {@link $T#repository(Class)};\nlisted in the repository"
                + " index, {@code META-INF/services/$L}.\n",
            repository,
            RuntimeTypes.OSMOS,
            RuntimeTypes.REPOSITORY_FACTORY.canonicalName())
        .addMethod(
            MethodSpec.constructorBuilder()
                .addJavadoc("Called by {@link java.util.ServiceLoader}.\n")
                .addModifiers(Modifier.PUBLIC)
                .build())
        .addMethod(
            MethodSpec.methodBuilder("repositoryType")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(ParameterizedTypeName.get(ClassName.get(Class.class), repository))
                .addStatement("return $T.class", repository)
                .build())
        .addMethod(
            MethodSpec.methodBuilder("create")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(repository)
                .addParameter(RuntimeTypes.OSMOS, "osmos")
                .addStatement("return new $T(osmos)", repository)
                .build())
        .build();
  }
}
