package io.osmos.processor.query;

import java.util.Objects;

/**
 * The entity a query names after {@code FROM} or {@code UPDATE}: the entity's name (its simple
 * class name, or the name {@code @Entity} gives it). The resolver checks it is the repository's
 * entity.
 *
 * @param name the name as written
 * @param span where it is written
 */
public record EntityName(String name, Span span) {
  /** Checks the name is present. */
  public EntityName {
    Objects.requireNonNull(name, "name");
  }

  /** The canonical form: the name. */
  @Override
  public String toString() {
    return name;
  }
}
