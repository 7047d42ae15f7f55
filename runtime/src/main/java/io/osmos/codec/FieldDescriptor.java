package io.osmos.codec;

/**
 * One stored field of a model or embeddable type.
 *
 * @param index position among the type's stored fields (the order they are written in)
 * @param javaName the field or record component name
 * @param storedName the name in the store ({@code @Field(name)}, else the Java name)
 * @param type what the stored value looks like
 * @param nullable whether the stored value may be null (false for primitives and {@code @NotNull})
 * @param role what the field means to Osmos
 * @param indexed whether the field carries {@code @Index}
 */
public record FieldDescriptor(
    int index,
    String javaName,
    String storedName,
    FieldType type,
    boolean nullable,
    Role role,
    boolean indexed) {

  /** What a field means to Osmos. */
  public enum Role {
    PLAIN,
    KEY,
    VERSION,
    TIMESTAMP
  }
}
