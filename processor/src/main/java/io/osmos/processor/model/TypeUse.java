package io.osmos.processor.model;

import java.util.List;

/**
 * A type where it is used, with the constraints written on that use ({@code List<@Email String>}
 * gives the element the {@code @Email}).
 */
public record TypeUse(TypeInfo type, List<ConstraintInfo> constraints) {
  public TypeUse {
    constraints = List.copyOf(constraints);
  }

  public static TypeUse of(TypeInfo type) {
    return new TypeUse(type, List.of());
  }
}
