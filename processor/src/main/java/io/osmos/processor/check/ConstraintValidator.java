package io.osmos.processor.check;

import io.osmos.processor.model.ConstraintInfo;
import io.osmos.processor.model.ModelInfo;
import io.osmos.processor.model.PropertyInfo;
import io.osmos.processor.model.TypeInfo;
import io.osmos.processor.model.TypeUse;

/**
 * The constraints on a field, on its container elements and on a whole type: each is checked by its
 * {@link io.osmos.processor.model.ConstraintKind kind}, against the value it is on.
 */
final class ConstraintValidator {
  /** The constraints on a (storable) field and on its type arguments. */
  void field(PropertyInfo p, ValidationReport.Builder report) {
    String where = "field " + p.name();
    TypeInfo type = p.type().type();
    // Constraints on an Optional apply to its value.
    TypeInfo target = type instanceof TypeInfo.OptionalOf o ? o.value().type() : type;
    for (ConstraintInfo c : p.constraints()) {
      c.kind().check(c, where, target, target.display(), report::add);
    }
    for (TypeInfo outer = type; outer.inner() != null; outer = outer.inner().type()) {
      TypeUse inner = outer.inner();
      String at = outer instanceof TypeInfo.OptionalOf ? where : "the elements of " + where;
      for (ConstraintInfo c : inner.constraints()) {
        c.kind().check(c, at, inner.type(), inner.type().display(), report::add);
      }
    }
  }

  /** The {@code @Validate} on a whole type. */
  void type(ModelInfo m, ValidationReport.Builder report) {
    for (ConstraintInfo c : m.typeConstraints()) {
      c.kind().check(c, "type " + m.simpleName(), null, m.simpleName(), report::add);
    }
  }
}
