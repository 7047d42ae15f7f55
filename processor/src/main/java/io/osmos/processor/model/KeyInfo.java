package io.osmos.processor.model;

import java.util.List;

/**
 * The key of a model: one field, or several for a composite key (in declaration order).
 *
 * @param fields the {@code @Key} fields
 * @param generation how a missing key is generated
 */
public record KeyInfo(List<PropertyInfo> fields, Generation generation) {
  public KeyInfo {
    fields = List.copyOf(fields);
  }

  /** Mirrors {@code io.osmos.schema.KeyGeneration}, which the processor cannot depend on. */
  public enum Generation {
    NONE,
    STRING,
    UUID,
    LONG
  }

  public boolean composite() {
    return fields.size() > 1;
  }

  /** The single key field. */
  public PropertyInfo single() {
    return fields.get(0);
  }

  /** How a key of these fields is generated: only single String, UUID and long keys are. */
  public static Generation generationOf(List<PropertyInfo> fields) {
    if (fields.size() != 1 || !(fields.get(0).type().type() instanceof TypeInfo.Scalar s)) {
      return Generation.NONE;
    }
    return switch (s.kind()) {
      case STRING -> Generation.STRING;
      case UUID -> Generation.UUID;
      case LONG -> Generation.LONG;
      default -> Generation.NONE;
    };
  }
}
