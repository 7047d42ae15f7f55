package io.osmos.benchmarks.compile;

import java.io.IOException;
import java.io.Writer;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.element.Element;

/**
 * Writes, for each {@code @Model}, the three sources Osmos's processor writes ({@code X_}, {@code
 * XPatch}, {@code XRepository}) as empty classes. What javac spends with it is what any processor
 * producing those three source files costs before a single generated member.
 */
@SupportedAnnotationTypes("io.osmos.annotations.Model")
public final class EmptySourcesProcessor extends FloorProcessor {
  @Override
  void model(String pkg, Element e) throws IOException {
    for (String suffix : SUFFIXES) {
      String name = e.getSimpleName() + suffix;
      try (Writer out =
          processingEnv.getFiler().createSourceFile(pkg + "." + name, e).openWriter()) {
        out.write("package " + pkg + ";\n\npublic final class " + name + " {\n}\n");
      }
    }
  }
}
