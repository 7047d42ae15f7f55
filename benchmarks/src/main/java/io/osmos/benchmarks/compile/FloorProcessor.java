package io.osmos.benchmarks.compile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * The floors of the compile-time benchmark: processors that visit every {@code @Model} (each
 * subclass declares it with {@code @SupportedAnnotationTypes}) and do less for it than any Osmos
 * processor could. {@code scripts/bench} puts each on the processor path on its own, with this
 * class; none is registered in the benchmarks jar.
 */
abstract class FloorProcessor extends AbstractProcessor {
  /** The suffixes of the three types Osmos generates per model. */
  static final String[] SUFFIXES = {"_", "Patch", "Repository"};

  @Override
  public final SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public final boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    for (TypeElement annotation : annotations) {
      for (Element e : round.getElementsAnnotatedWith(annotation)) {
        String pkg = processingEnv.getElementUtils().getPackageOf(e).getQualifiedName().toString();
        try {
          model(pkg, e);
        } catch (IOException ex) {
          throw new UncheckedIOException(ex);
        }
      }
    }
    return true;
  }

  /** Does this floor's work for model {@code e} of package {@code pkg}. */
  abstract void model(String pkg, Element e) throws IOException;
}
