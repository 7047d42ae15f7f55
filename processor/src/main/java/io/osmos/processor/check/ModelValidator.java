package io.osmos.processor.check;

import com.palantir.javapoet.ClassName;
import io.osmos.processor.model.Marker;
import io.osmos.processor.model.ModelInfo;
import io.osmos.processor.model.PropertyInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a model or embeddable against every rule, each concern in its own validator, and gives a
 * {@link ValidationReport} per type. A type's rules run once: its report is kept, and the report of
 * a model reuses those of the embeddables it nests as subreports.
 */
public final class ModelValidator {
  private final DeclarationValidator declarations = new DeclarationValidator();
  private final FieldValidator fields = new FieldValidator();
  private final FieldTypeValidator fieldTypes = new FieldTypeValidator();
  private final RoleValidator roles = new RoleValidator();
  private final ConstraintValidator constraints = new ConstraintValidator();
  private final NestingValidator nesting = new NestingValidator();
  private final HookValidator hooks = new HookValidator();
  private final SchemaEvolutionValidator evolution = new SchemaEvolutionValidator();
  // The entries about each type itself, and its whole report (with its embeddables').
  private final Map<ClassName, ValidationReport> own = new HashMap<>();
  private final Map<ClassName, ValidationReport> reports = new HashMap<>();

  /**
   * The report of {@code m}: its own entries, with the reports of the embeddables it nests at any
   * depth attached. The type is fit to generate code for when the report is clean.
   */
  public ValidationReport validate(ModelInfo m) {
    ValidationReport report = reports.get(m.name());
    if (report == null) {
      List<ValidationReport> nested = new ArrayList<>();
      for (ModelInfo e : m.reachable()) {
        if (!e.equals(m)) {
          nested.add(own(e));
        }
      }
      report = own(m).withSubreports(nested);
      reports.put(m.name(), report);
    }
    return report;
  }

  private ValidationReport own(ModelInfo m) {
    ValidationReport report = own.get(m.name());
    if (report == null) {
      ValidationReport.Builder b = ValidationReport.about(m.element());
      rules(m, b);
      report = b.build();
      own.put(m.name(), report);
    }
    return report;
  }

  // Every rule, in the order a user reads the type: the type, each field, then the whole.
  private void rules(ModelInfo m, ValidationReport.Builder report) {
    if (!declarations.validate(m, report)) {
      return;
    }
    for (PropertyInfo p : m.properties()) {
      field(m, p, report);
    }
    fields.storedNames(m, report);
    evolution.aliases(m, report);
    if (m.isModel()) {
      roles.model(m, report);
    } else {
      nesting.validate(m, report);
    }
    roles.extraFields(m, report);
    hooks.validate(m, report);
    constraints.type(m, report);
  }

  private void field(ModelInfo m, PropertyInfo p, ValidationReport.Builder report) {
    roles.markers(m, p, report);
    if (p.has(Marker.TRANSIENT)) {
      roles.transientField(p, report);
      return;
    }
    fields.accessors(m, p, report);
    if (p.has(Marker.EXTRA)) {
      roles.extraField(p, report);
      evolution.defaultValue(p, report);
      return;
    }
    fields.storedName(p, report);
    boolean storable = fieldTypes.validate(p, report);
    if (!m.isModel()) {
      roles.embeddableField(m, p, report);
    } else if (storable) {
      roles.modelField(p, report);
    }
    if (storable) {
      constraints.field(p, report);
      evolution.defaultValue(p, report);
    }
  }
}
