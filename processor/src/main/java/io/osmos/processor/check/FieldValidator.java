package io.osmos.processor.check;

import io.osmos.processor.model.Marker;
import io.osmos.processor.model.ModelInfo;
import io.osmos.processor.model.Origin;
import io.osmos.processor.model.PropertyInfo;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** The rules for how generated code reaches a field, and the name it is stored under. */
final class FieldValidator {
  private static final Pattern STORED_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

  /** Generated code must read the field, and (for a class) set it. */
  void accessors(ModelInfo m, PropertyInfo p, ValidationReport.Builder report) {
    String cap = p.capitalized();
    if (p.read() == null) {
      report.add(
          Message.MODEL_GETTER,
          p.origin(),
          m.simpleName(),
          p.name(),
          p.declaredType(),
          (p.bool() ? "is" : "get") + cap);
    }
    if (p.write() == null) {
      report.add(
          Message.MODEL_SETTER,
          p.origin(),
          m.simpleName(),
          p.name(),
          "set" + cap,
          p.declaredType());
    }
  }

  /** A stored name must be usable as a field, column or hash field name in every store. */
  void storedName(PropertyInfo p, ValidationReport.Builder report) {
    if (!STORED_NAME.matcher(p.storedName()).matches()) {
      Origin given = p.storedNameOrigin();
      report.add(
          given != null ? Message.FIELD_NAME : Message.FIELD_NAME_DERIVED,
          given != null ? given : p.origin(),
          p.name(),
          p.storedName());
    }
  }

  /** No two stored fields of {@code m} may share a stored name. */
  void storedNames(ModelInfo m, ValidationReport.Builder report) {
    Map<String, PropertyInfo> byName = new HashMap<>();
    for (PropertyInfo p : m.stored()) {
      PropertyInfo first = byName.putIfAbsent(p.storedName(), p);
      if (first != null) {
        Origin at = p.marker(Marker.FIELD) != null ? p.marker(Marker.FIELD) : p.origin();
        report.add(
            Message.FIELD_DUPLICATE_NAME,
            at,
            first.name(),
            p.name(),
            m.simpleName(),
            p.storedName());
      }
    }
  }
}
