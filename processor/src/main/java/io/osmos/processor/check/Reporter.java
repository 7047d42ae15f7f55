package io.osmos.processor.check;

import io.osmos.processor.model.Origin;
import javax.annotation.processing.Messager;
import javax.tools.Diagnostic;

/**
 * Reports diagnostics at their origin and counts errors. Reporting never stops a check, so a build
 * shows every mistake at once.
 */
public final class Reporter {
  private final Messager messager;
  private int errors;

  private Reporter(Messager messager) {
    this.messager = messager;
  }

  /** A reporter that prints through {@code messager}. */
  public static Reporter to(Messager messager) {
    return new Reporter(messager);
  }

  /** A reporter that only counts, for checking types whose errors are reported elsewhere. */
  public static Reporter silent() {
    return new Reporter(null);
  }

  public void error(Message message, Origin at, Object... args) {
    errors++;
    if (messager != null) {
      messager.printMessage(
          Diagnostic.Kind.ERROR, message.format(args), at.element(), at.mirror(), at.value());
    }
  }

  public int errors() {
    return errors;
  }
}
