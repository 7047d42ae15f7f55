package io.osmos.processor;

import com.google.auto.service.AutoService;
import io.osmos.processor.check.Message;
import io.osmos.processor.check.ModelValidator;
import io.osmos.processor.check.ValidationReport;
import io.osmos.processor.model.ModelInfo;
import io.osmos.processor.model.Origin;
import io.osmos.processor.read.ModelReader;
import io.osmos.processor.read.UnresolvedTypes;
import io.osmos.processor.write.SourceWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;

/**
 * The Osmos annotation processor. For each {@code @Model} type it generates {@code X_} (metamodel,
 * schema and codec), {@code XPatch} (document models) and {@code XRepository}; for each
 * {@code @Embeddable} type, {@code X_} (codec and checks). Invalid types are reported with every
 * problem found, each at its element, and nothing is generated for them.
 *
 * <p>Pipeline: {@code read} (elements to {@link ModelInfo}) then {@code check} (every rule) then
 * {@code write} (JavaPoet). A type that refers to a type not generated yet is deferred to a later
 * round.
 */
@AutoService(Processor.class)
public final class OsmosProcessor extends AbstractProcessor {
  static final String MODEL = "io.osmos.annotations.Model";
  static final String EMBEDDABLE = "io.osmos.annotations.Embeddable";

  private final List<String> deferred = new ArrayList<>();
  private final Set<String> done = new HashSet<>();
  private final Set<String> sourceTypes = new HashSet<>();
  private final Set<String> generated = new HashSet<>();

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(MODEL, EMBEDDABLE);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    for (TypeElement t : ElementFilter.typesIn(round.getRootElements())) {
      collectSourceTypes(t);
    }
    if (round.processingOver()) {
      reportUnresolved();
      return false;
    }
    var elements = processingEnv.getElementUtils();
    // A reader per round: elements of one round are not meant to be kept for the next.
    ModelReader reader =
        new ModelReader(
            processingEnv, name -> sourceTypes.contains(name) && !generated.contains(name));
    ModelValidator validator = new ModelValidator();
    // @Generated lives in java.compiler; leave it out where the module graph does not have it.
    SourceWriter writer =
        new SourceWriter(
            processingEnv.getFiler(),
            elements.getTypeElement("javax.annotation.processing.Generated") != null);

    Map<String, TypeElement> todo = new LinkedHashMap<>();
    for (String name : deferred) {
      TypeElement t = elements.getTypeElement(name);
      if (t != null) {
        todo.put(name, t);
      }
    }
    deferred.clear();
    for (String annotation : List.of(EMBEDDABLE, MODEL)) {
      TypeElement a = elements.getTypeElement(annotation);
      if (a == null) {
        continue;
      }
      for (Element e : round.getElementsAnnotatedWith(a)) {
        if (e instanceof TypeElement t) {
          todo.putIfAbsent(t.getQualifiedName().toString(), t);
        }
      }
    }
    for (Map.Entry<String, TypeElement> e : todo.entrySet()) {
      if (done.contains(e.getKey())) {
        continue;
      }
      if (unresolved(e.getValue(), reader) != null) {
        deferred.add(e.getKey());
        continue;
      }
      done.add(e.getKey());
      generate(reader.read(e.getValue()), validator, writer);
    }
    return false;
  }

  private void generate(ModelInfo m, ModelValidator validator, SourceWriter writer) {
    ValidationReport report = validator.validate(m);
    report.printTo(processingEnv.getMessager());
    // Errors of a nested embeddable are reported where it is declared; generating the type
    // anyway would only add javac errors about the embeddable's missing metamodel.
    if (!report.isClean()) {
      return;
    }
    generated.add(m.metamodelName().canonicalName());
    generated.add(m.patchName().canonicalName());
    generated.add(m.repositoryName().canonicalName());
    try {
      writer.write(m);
    } catch (IOException e) {
      processingEnv
          .getMessager()
          .printMessage(
              Diagnostic.Kind.ERROR,
              "could not write the sources generated for " + m.name() + ": " + e,
              m.element());
    }
  }

  /** The first type {@code t} or a type it nests refers to that javac cannot resolve, or null. */
  private static String unresolved(TypeElement t, ModelReader reader) {
    String own = UnresolvedTypes.find(t);
    return own != null ? own : reader.read(t).unresolvedInGraph();
  }

  private void collectSourceTypes(TypeElement t) {
    sourceTypes.add(t.getQualifiedName().toString());
    for (TypeElement nested : ElementFilter.typesIn(t.getEnclosedElements())) {
      collectSourceTypes(nested);
    }
  }

  private void reportUnresolved() {
    ModelReader reader = new ModelReader(processingEnv, name -> false);
    for (String name : deferred) {
      TypeElement t = processingEnv.getElementUtils().getTypeElement(name);
      String missing = t == null ? null : unresolved(t, reader);
      if (missing != null) {
        ValidationReport.about(t)
            .add(Message.TYPE_UNRESOLVED, Origin.of(t), t.getSimpleName(), missing)
            .build()
            .printTo(processingEnv.getMessager());
      }
    }
    deferred.clear();
  }
}
