package io.osmos.processor.check;

import io.osmos.processor.model.DefaultText;
import io.osmos.processor.model.Marker;
import io.osmos.processor.model.ModelInfo;
import io.osmos.processor.model.Origin;
import io.osmos.processor.model.PropertyInfo;
import io.osmos.processor.model.TypeInfo;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rules for reading documents stored by older versions of a type: {@code @Default} values fit
 * the field's type, and {@code @Field(aliases)} are stored names no other field reads.
 */
final class SchemaEvolutionValidator {
  private static final Pattern STORED_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
  private static final Marker[] STORE_GIVEN = {Marker.KEY, Marker.VERSION, Marker.EXTRA};

  /** A {@code @Default} on a field that can have one, with a value of the field's type. */
  void defaultValue(PropertyInfo p, ValidationReport.Builder report) {
    if (!p.hasDefault()) {
      return;
    }
    Origin at = p.defaultOrigin();
    for (Marker role : STORE_GIVEN) {
      if (p.has(role)) {
        report.add(Message.DEFAULT_ROLE, at, p.name(), role.display());
        return;
      }
    }
    TypeInfo t = p.type().type();
    if (t instanceof TypeInfo.OptionalOf o) {
      report.add(Message.DEFAULT_OPTIONAL, at, p.name(), o.value().type().display());
      return;
    }
    if (!DefaultText.supports(t)) {
      report.add(Message.DEFAULT_TYPE, at, p.name(), p.declaredType());
      return;
    }
    if (DefaultText.empties(t)) {
      if (!p.defaultText().isEmpty()) {
        report.add(Message.DEFAULT_NOT_EMPTY, at, p.name(), p.defaultText(), p.declaredType());
      }
      return;
    }
    DefaultText.Problem problem = DefaultText.problem(t, p.defaultText());
    if (problem != null) {
      report.add(
          Message.DEFAULT_VALUE,
          at,
          p.name(),
          p.defaultText(),
          problem.expected(),
          problem.example());
    }
  }

  /** Each alias is a valid stored name, and reads one field only. */
  void aliases(ModelInfo m, ValidationReport.Builder report) {
    Map<String, PropertyInfo> byName = new HashMap<>();
    for (PropertyInfo p : m.stored()) {
      byName.put(p.storedName(), p);
    }
    Map<String, PropertyInfo> byAlias = new HashMap<>();
    for (PropertyInfo p : m.stored()) {
      for (String alias : p.aliases()) {
        Origin at = p.aliasesOrigin();
        if (!STORED_NAME.matcher(alias).matches()) {
          report.add(Message.FIELD_ALIAS_NAME, at, p.name(), alias);
          continue;
        }
        PropertyInfo named = byName.get(alias);
        if (p.equals(named)) {
          report.add(Message.FIELD_ALIAS_SELF, at, alias, p.name());
        } else if (named != null) {
          report.add(Message.FIELD_ALIAS_CLASH, at, alias, p.name(), "stored name", named.name());
        } else {
          PropertyInfo first = byAlias.putIfAbsent(alias, p);
          if (first != null) {
            report.add(Message.FIELD_ALIAS_CLASH, at, alias, p.name(), "alias", first.name());
          }
        }
      }
    }
  }
}
