package io.osmos.benchmarks.compile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * The floor of the compile-time benchmark: a processor that, for each {@code @Model}, writes the
 * three sources Osmos's processor writes ({@code X_}, {@code XPatch}, {@code XRepository}) as
 * empty classes. What javac spends with it is what any processor producing those three files
 * costs before a single generated member; {@code scripts/bench} puts it on the processor path on
 * its own (it is not registered in the benchmarks jar).
 */
@SupportedAnnotationTypes("io.osmos.annotations.Model")
public final class EmptySourcesProcessor extends AbstractProcessor {
  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    for (TypeElement annotation : annotations) {
      for (Element e : round.getElementsAnnotatedWith(annotation)) {
        String pkg =
            processingEnv.getElementUtils().getPackageOf(e).getQualifiedName().toString();
        for (String suffix : new String[] {"_", "Patch", "Repository"}) {
          String name = e.getSimpleName() + suffix;
          try (Writer out =
              processingEnv.getFiler().createSourceFile(pkg + "." + name, e).openWriter()) {
            out.write("package " + pkg + ";\n\npublic final class " + name + " {\n}\n");
          } catch (IOException ex) {
            throw new UncheckedIOException(ex);
          }
        }
      }
    }
    return true;
  }
}
