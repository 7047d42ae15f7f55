package io.osmos.processor.model;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

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

  /**
   * Whether a value of this use has something to check: a constraint on it or on a container's
   * elements, or an embeddable that is {@link ModelInfo#constrained() constrained}.
   */
  public boolean needsCheck() {
    return needsCheck(new HashSet<>());
  }

  boolean needsCheck(Set<ModelInfo> seen) {
    if (!constraints.isEmpty()) {
      return true;
    }
    if (type instanceof TypeInfo.Embedded e) {
      return e.model().constrained(seen);
    }
    TypeUse inner = type.inner();
    return inner != null && inner.needsCheck(seen);
  }
}
