package io.osmos.processor.check;

import io.osmos.processor.model.Origin;
import io.osmos.processor.model.PropertyInfo;
import io.osmos.processor.model.TypeInfo;

/**
 * The rules for a field's type: that Osmos can store it, that the embeddables it nests have their
 * generated code, and that a {@code @Convert} converter fits it.
 */
final class FieldTypeValidator {
  /** Checks the field's type; false when it cannot be stored (later rules then keep quiet). */
  boolean validate(PropertyInfo p, ValidationReport.Builder report) {
    TypeInfo t = p.type().type();
    if (t instanceof TypeInfo.Converted c) {
      return converter(p, c, report);
    }
    TypeInfo bad = t.firstUnsupported();
    if (bad == null) {
      return embeddablesProcessed(p, t, report);
    }
    if (bad instanceof TypeInfo.NotEmbeddable ne) {
      report.add(
          Message.EMBEDDABLE_MISSING,
          p.origin(),
          p.name(),
          p.declaredType(),
          ne.name().simpleName());
      return false;
    }
    TypeInfo.Unsupported u = (TypeInfo.Unsupported) bad;
    if (u == t) {
      report.add(
          u.reason() == null ? Message.FIELD_TYPE : Message.FIELD_TYPE_BECAUSE,
          p.origin(),
          p.name(),
          p.declaredType(),
          u.reason());
    } else {
      report.add(
          u.reason() == null ? Message.FIELD_TYPE_INSIDE : Message.FIELD_TYPE_INSIDE_BECAUSE,
          p.origin(),
          p.name(),
          p.declaredType(),
          u.display(),
          u.reason());
    }
    return false;
  }

  /** An embeddable from a library needs the metamodel generated with that library. */
  private static boolean embeddablesProcessed(
      PropertyInfo p, TypeInfo t, ValidationReport.Builder report) {
    if (t.innermost() instanceof TypeInfo.Embedded e && !e.model().metamodelAvailable()) {
      report.add(
          Message.EMBEDDABLE_UNPROCESSED,
          p.origin(),
          p.name(),
          e.name().simpleName(),
          e.model().metamodelName().simpleName());
      return false;
    }
    return true;
  }

  private static boolean converter(
      PropertyInfo p, TypeInfo.Converted c, ValidationReport.Builder report) {
    String name = c.converter().simpleName();
    Origin at = c.origin();
    if (!c.converter().concrete()) {
      report.add(Message.CONVERT_ABSTRACT, at, name, p.name());
      return false;
    }
    if (!c.converter().instantiable()) {
      report.add(Message.CONVERT_CONSTRUCTOR, at, name, p.name());
      return false;
    }
    if (c.appArgument() == null || c.storedArgument() == null) {
      report.add(Message.CONVERT_UNKNOWN_TYPES, at, name, p.name());
      return false;
    }
    if (!c.convertsField()) {
      report.add(
          Message.CONVERT_FIELD_TYPE,
          at,
          name,
          p.name(),
          c.appArgument(),
          p.declaredType(),
          c.boxedField());
      return false;
    }
    TypeInfo stored = c.stored().type();
    if (stored.firstUnsupported() != null || stored instanceof TypeInfo.OptionalOf) {
      report.add(Message.CONVERT_STORED_TYPE, at, name, p.name(), c.storedArgument());
      return false;
    }
    return true;
  }
}
