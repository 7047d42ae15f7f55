package io.osmos.benchmarks.compile;

import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * The lowest floor of the compile-time benchmark: a processor that visits every {@code @Model}
 * and writes nothing. What javac spends with it is the cost of running annotation processing at
 * all (discovering the processor, the final round that enters every tree again).
 */
@SupportedAnnotationTypes("io.osmos.annotations.Model")
public final class NoOutputProcessor extends AbstractProcessor {
  private int seen;

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    for (TypeElement annotation : annotations) {
      for (Element e : round.getElementsAnnotatedWith(annotation)) {
        seen += e.getSimpleName().length();
      }
    }
    return true;
  }
}
