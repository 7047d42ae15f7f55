package io.osmos.processor.model;

import com.palantir.javapoet.TypeName;

/**
 * The entity a repository or one of its methods works on.
 *
 * @param type the entity's type as written
 * @param model the Osmos model of it; null when the type is not a {@code @Model}
 * @param keyType the repository's key type argument ({@code K} of {@code DataRepository<T, K>}), or
 *     null where the repository does not declare one
 */
public record EntityInfo(TypeName type, ModelInfo model, TypeName keyType) {
  /** The simple name, for messages. */
  public String display() {
    String s = type.toString();
    return s.substring(s.lastIndexOf('.') + 1);
  }
}
