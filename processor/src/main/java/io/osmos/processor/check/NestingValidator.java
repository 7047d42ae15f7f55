package io.osmos.processor.check;

import io.osmos.processor.model.ModelInfo;
import io.osmos.processor.model.PropertyInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * The rule for embeddables that contain themselves: only through a container or an Optional, which
 * can end the nesting; through plain fields a value would nest without end.
 */
final class NestingValidator {
  void validate(ModelInfo m, ValidationReport.Builder report) {
    for (PropertyInfo p : m.stored()) {
      List<String> rest = p.type().type().plainPathTo(m);
      if (rest != null) {
        List<String> path = new ArrayList<>();
        path.add(m.simpleName() + "." + p.name());
        path.addAll(rest);
        report.add(
            Message.EMBEDDABLE_RECURSIVE, p.origin(), m.simpleName(), String.join(" -> ", path));
      }
    }
  }
}
