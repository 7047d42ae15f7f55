package io.osmos.benchmarks.compile;

import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.element.Element;

/**
 * The lowest floor: visits every {@code @Model} and writes nothing. What javac spends with it is
 * the cost of running annotation processing at all (discovering the processor, the final round that
 * enters every tree again).
 */
@SupportedAnnotationTypes("io.osmos.annotations.Model")
public final class NoOutputProcessor extends FloorProcessor {
  @Override
  void model(String pkg, Element e) {}
}
