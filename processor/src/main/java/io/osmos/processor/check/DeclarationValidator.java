package io.osmos.processor.check;

import com.palantir.javapoet.ClassName;
import io.osmos.processor.model.Declaration;
import io.osmos.processor.model.ModelInfo;
import io.osmos.processor.model.ModelSettings;
import java.util.regex.Pattern;

/**
 * The rules for the type itself: what kind of type it is, its {@code @Model} attributes, the names
 * of the types generated for it, and how generated code creates it.
 */
final class DeclarationValidator {
  private static final Pattern BUCKET = Pattern.compile("[A-Za-z0-9_-]{1,63}");

  /**
   * Checks {@code m}'s declaration; false when it cannot be a model or embeddable at all, and the
   * rules for its members would only add noise.
   */
  boolean validate(ModelInfo m, ValidationReport.Builder report) {
    if (!kind(m, report)) {
      return false;
    }
    if (m.isModel()) {
      settings(m, m.settings(), report);
    }
    for (ClassName n : m.takenNames()) {
      report.add(
          Message.MODEL_NAME_CLASH,
          m.origin(),
          m.simpleName(),
          n.simpleName(),
          n.packageName().isEmpty() ? "(unnamed)" : n.packageName(),
          m.isModel() ? "model" : "embeddable");
    }
    if (!m.constructible()) {
      report.add(Message.MODEL_CONSTRUCTOR, m.origin(), m.simpleName());
    }
    return true;
  }

  private static boolean kind(ModelInfo m, ValidationReport.Builder report) {
    String annotation = m.isModel() ? "Model" : "Embeddable";
    Declaration d = m.declaration();
    Message problem =
        switch (d.form()) {
          case INTERFACE, ENUM, ANNOTATION_TYPE -> Message.MODEL_KIND;
          default -> {
            if (d.isAbstract()) {
              yield Message.MODEL_KIND_ABSTRACT;
            } else if (d.inner()) {
              yield Message.MODEL_KIND_INNER;
            } else if (d.local()) {
              yield Message.MODEL_KIND_LOCAL;
            } else if (d.isPrivate()) {
              yield Message.MODEL_KIND_PRIVATE;
            } else if (d.generic()) {
              yield Message.MODEL_KIND_GENERIC;
            } else if (m.isModel() && m.embeddableOrigin() != null) {
              yield Message.MODEL_KIND_BOTH;
            }
            yield null;
          }
        };
    if (problem != null) {
      report.add(problem, m.origin(), annotation, m.simpleName(), d.form().description());
    }
    return problem == null;
  }

  private static void settings(ModelInfo m, ModelSettings s, ValidationReport.Builder report) {
    if (s.bucket() == null || !BUCKET.matcher(s.bucket()).matches()) {
      report.add(Message.MODEL_BUCKET, s.bucketOrigin(), s.bucket(), m.simpleName());
    }
    if (s.driver() == null || s.driver().isBlank()) {
      report.add(Message.MODEL_DRIVER, s.driverOrigin(), m.simpleName());
    }
  }
}
