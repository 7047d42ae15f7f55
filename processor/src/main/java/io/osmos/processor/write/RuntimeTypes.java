package io.osmos.processor.write;

import com.palantir.javapoet.ClassName;

/**
 * The runtime types generated code refers to. The processor does not depend on the runtime, so they
 * are named here rather than taken from classes.
 */
final class RuntimeTypes {
  private RuntimeTypes() {}

  static final ClassName CODECS = ClassName.get("io.osmos.codec", "Codecs");
  static final ClassName VALUE_CODEC = ClassName.get("io.osmos.codec", "ValueCodec");
  static final ClassName FIELD_NAMES = ClassName.get("io.osmos.codec", "FieldNames");
  static final ClassName FIELD_READER = ClassName.get("io.osmos.codec", "FieldReader");
  static final ClassName FIELD_WRITER = ClassName.get("io.osmos.codec", "FieldWriter");
  static final ClassName FIELD_TYPE = ClassName.get("io.osmos.codec", "FieldType");
  static final ClassName STRUCT = FIELD_TYPE.nestedClass("Struct");
  static final ClassName FIELD_DESCRIPTOR = ClassName.get("io.osmos.codec", "FieldDescriptor");
  static final ClassName ROLE = FIELD_DESCRIPTOR.nestedClass("Role");
  static final ClassName MODEL_SCHEMA = ClassName.get("io.osmos.schema", "ModelSchema");
  static final ClassName KEY_GENERATION = ClassName.get("io.osmos.schema", "KeyGeneration");
  static final ClassName VIOLATIONS = ClassName.get("io.osmos.validation", "Violations");
  static final ClassName CHECKS = ClassName.get("io.osmos.validation", "Checks");
  static final ClassName PROPERTY = ClassName.get("io.osmos.query", "Property");
  static final ClassName COMPARABLE_PROPERTY =
      ClassName.get("io.osmos.query", "ComparableProperty");
  static final ClassName STRING_PROPERTY = ClassName.get("io.osmos.query", "StringProperty");
  static final ClassName NUMBER_PROPERTY = ClassName.get("io.osmos.query", "NumberProperty");
  static final ClassName PATCH = ClassName.get("io.osmos.query", "Patch");
  static final ClassName OSMOS = ClassName.get("io.osmos", "Osmos");
  static final ClassName PAGE = ClassName.get("io.osmos", "Page");
  static final ClassName PAGE_REQUEST = ClassName.get("io.osmos", "PageRequest");
  static final ClassName DOCUMENT_REPOSITORY = ClassName.get("io.osmos", "DocumentRepository");
  static final ClassName STREAM_REPOSITORY = ClassName.get("io.osmos", "StreamRepository");
  static final ClassName REPOSITORY_FACTORY = ClassName.get("io.osmos", "RepositoryFactory");
  static final ClassName MODEL_KIND = ClassName.get("io.osmos.annotations", "Model", "Kind");
  static final ClassName HOOK_EVENT = ClassName.get("io.osmos.annotations", "Hook", "Event");
  static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
}
