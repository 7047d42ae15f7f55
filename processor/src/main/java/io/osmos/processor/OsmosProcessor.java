package io.osmos.processor;

import com.google.auto.service.AutoService;
import io.osmos.processor.check.Message;
import io.osmos.processor.check.ModelValidator;
import io.osmos.processor.check.RepositoryValidator;
import io.osmos.processor.check.ValidationReport;
import io.osmos.processor.model.ModelInfo;
import io.osmos.processor.model.Origin;
import io.osmos.processor.model.RepositoryInfo;
import io.osmos.processor.model.RepositoryMethod;
import io.osmos.processor.model.ResolvedMethod;
import io.osmos.processor.read.ModelReader;
import io.osmos.processor.read.RepositoryReader;
import io.osmos.processor.read.SourceTypes;
import io.osmos.processor.write.RepositoryIndexWriter;
import io.osmos.processor.write.SourceWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * The Osmos annotation processor. For each {@code @Model} type it generates {@code X_} (metamodel,
 * schema and codec), {@code XPatch} (document models) and {@code XRepository}; for each
 * {@code @Embeddable} type, {@code X_} (codec and checks). Invalid types are reported with every
 * problem found, each at its element, and nothing is generated for them.
 *
 * <p>Pipeline, per type: {@code read} (the type and every embeddable it nests into one graph of
 * {@link ModelInfo} nodes), {@code check} (a {@link ValidationReport} per type, printed once),
 * {@code write} (JavaPoet, from the graph alone). Every generated repository is listed in the
 * repository index, {@code META-INF/services/io.osmos.RepositoryFactory}, written once in the last
 * round. A type that refers to a type not generated yet is deferred to a later round. A fault of
 * the processor itself is reported on the type being processed, never as a crash of javac.
 */
@AutoService(Processor.class)
public final class OsmosProcessor extends AbstractProcessor {
  static final String MODEL = "io.osmos.annotations.Model";
  static final String EMBEDDABLE = "io.osmos.annotations.Embeddable";
  static final String REPOSITORY = RepositoryReader.REPOSITORY;
  static final String NOSQL_ENTITY = "jakarta.nosql.Entity";

  /**
   * The option that makes {@code osmos.query.unindexed} an error: {@code -Aosmos.unindexed=error}.
   */
  static final String UNINDEXED_OPTION = "osmos.unindexed";

  static final String UNSUPPORTED_OPTION = "osmos.unsupported";
  private static final String GENERATED = "javax.annotation.processing.Generated";

  private final Consumer<TypeElement> onType;
  private final List<String> deferred = new ArrayList<>();
  private final Set<String> done = new HashSet<>();
  private final SourceTypes sourceTypes = new SourceTypes();
  private final Set<String> generated = new HashSet<>();
  private final RepositoryIndexWriter index = new RepositoryIndexWriter();

  public OsmosProcessor() {
    this(type -> {});
  }

  /**
   * A processor that calls {@code onType} as it starts on each type: the seam through which tests
   * make the processor fail.
   */
  OsmosProcessor(Consumer<TypeElement> onType) {
    this.onType = onType;
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(MODEL, EMBEDDABLE, REPOSITORY, NOSQL_ENTITY);
  }

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(UNINDEXED_OPTION, UNSUPPORTED_OPTION);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    try {
      sourceTypes.add(round);
      if (round.processingOver()) {
        reportUnresolved();
        writeIndex();
      } else {
        processRound(round);
      }
    } catch (RuntimeException e) {
      print(
          ValidationReport.about(null)
              .add(Message.PROCESSOR_ROUND_FAILURE, Origin.of(null), e, stackTrace(e))
              .build());
    }
    return false;
  }

  private void processRound(RoundEnvironment round) {
    var elements = processingEnv.getElementUtils();
    // A reader per round: elements of one round are not meant to be kept for the next.
    ModelReader reader =
        new ModelReader(
            processingEnv, name -> sourceTypes.contains(name) && !generated.contains(name));
    ModelValidator validator = new ModelValidator();
    // @Generated lives in java.compiler; leave it out where the module graph does not have it.
    SourceWriter writer =
        new SourceWriter(processingEnv.getFiler(), elements.getTypeElement(GENERATED) != null);

    Map<String, TypeElement> todo = new LinkedHashMap<>();
    for (String name : deferred) {
      TypeElement t = elements.getTypeElement(name);
      if (t != null) {
        todo.put(name, t);
      }
    }
    deferred.clear();
    for (String annotation : List.of(EMBEDDABLE, MODEL, NOSQL_ENTITY)) {
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
      TypeElement type = e.getValue();
      try {
        onType.accept(type);
        // A type that refers to one another processor has not generated yet waits for it.
        if (reader.read(type).unresolvedInGraph() != null) {
          deferred.add(e.getKey());
          continue;
        }
        done.add(e.getKey());
        generate(reader.read(type), validator, writer);
      } catch (RuntimeException failure) {
        done.add(e.getKey());
        fail(type, failure);
      }
    }
    repositories(round, reader, validator, writer);
  }

  /** Implements each Jakarta Data repository interface of the round. */
  private void repositories(
      RoundEnvironment round,
      ModelReader models,
      ModelValidator modelValidator,
      SourceWriter writer) {
    TypeElement annotation = processingEnv.getElementUtils().getTypeElement(REPOSITORY);
    if (annotation == null) {
      return;
    }
    RepositoryReader reader = new RepositoryReader(processingEnv, models);
    RepositoryValidator validator =
        new RepositoryValidator(
            "error".equals(processingEnv.getOptions().get(UNINDEXED_OPTION)),
            "decline".equals(processingEnv.getOptions().get(UNSUPPORTED_OPTION)));
    for (Element e : round.getElementsAnnotatedWith(annotation)) {
      if (!(e instanceof TypeElement type) || !done.add(type.getQualifiedName().toString())) {
        continue;
      }
      try {
        onType.accept(type);
        RepositoryInfo info = reader.read(type);
        RepositoryValidator.Result result = validator.validate(info);
        print(result.report());
        if (!result.report().isClean() || !entitiesClean(result, modelValidator)) {
          continue;
        }
        Map<RepositoryMethod, String> declined = new LinkedHashMap<>();
        for (RepositoryValidator.Declined d : result.declined()) {
          declined.put(d.method(), d.reason());
        }
        writer.write(info, result.methods(), declined);
        index.addRepository(info.implementationName(), info.name().canonicalName());
        staticMetamodels(result, writer);
      } catch (IOException failure) {
        print(
            ValidationReport.about(type)
                .add(Message.SOURCE_NOT_WRITTEN, Origin.of(type), type.getSimpleName(), failure)
                .build());
      } catch (RuntimeException failure) {
        fail(type, failure);
      }
    }
  }

  /**
   * Jakarta Data's static metamodel ({@code _Book}) of each entity of a repository, once, unless
   * the sources declare one or Jakarta Data's metamodel types are not on the class path.
   */
  private void staticMetamodels(RepositoryValidator.Result result, SourceWriter writer)
      throws IOException {
    var elements = processingEnv.getElementUtils();
    if (elements.getTypeElement("jakarta.data.metamodel.impl.TextAttributeRecord") == null) {
      return;
    }
    for (ResolvedMethod m : result.methods()) {
      String name = SourceWriter.staticMetamodelName(m.model());
      if (generated.contains(name)
          || (sourceTypes.contains(name))
          || elements.getTypeElement(name) != null) {
        continue;
      }
      generated.add(name);
      writer.writeStaticMetamodel(m.model());
    }
  }

  // An entity with errors has no metamodel or repository to build on; its errors say why.
  private static boolean entitiesClean(RepositoryValidator.Result result, ModelValidator v) {
    for (ResolvedMethod m : result.methods()) {
      if (!v.validate(m.model()).isClean()) {
        return false;
      }
    }
    return true;
  }

  private void generate(ModelInfo m, ModelValidator validator, SourceWriter writer) {
    ValidationReport report = validator.validate(m);
    print(report);
    // Errors of a nested embeddable are reported where it is declared; generating the type
    // anyway would only add javac errors about the embeddable's missing metamodel.
    if (!report.isClean()) {
      return;
    }
    for (var name : m.generatedNames()) {
      generated.add(name.canonicalName());
    }
    try {
      writer.write(m);
      if (m.isModel()) {
        index.addRepository(m.repositoryName(), m.name().canonicalName());
      }
    } catch (IOException e) {
      print(
          ValidationReport.about(m.element())
              .add(Message.SOURCE_NOT_WRITTEN, Origin.of(m.element()), m.simpleName(), e)
              .build());
    }
  }

  /** The repository index, once every round has added its repositories. */
  private void writeIndex() {
    var elements = processingEnv.getElementUtils();
    List<TypeElement> origins = new ArrayList<>();
    for (String name : index.origins()) {
      TypeElement t = elements.getTypeElement(name);
      if (t != null) {
        origins.add(t);
      }
    }
    try {
      index.write(
          processingEnv.getFiler(),
          name -> elements.getTypeElement(name) != null,
          origins.toArray(new Element[0]));
    } catch (IOException e) {
      TypeElement first = origins.isEmpty() ? null : origins.get(0);
      print(
          ValidationReport.about(first)
              .add(
                  Message.INDEX_NOT_WRITTEN,
                  Origin.of(first),
                  RepositoryIndexWriter.RESOURCE,
                  e,
                  index.entries())
              .build());
    }
  }

  private void reportUnresolved() {
    ModelReader reader = new ModelReader(processingEnv, name -> false);
    for (String name : deferred) {
      TypeElement t = processingEnv.getElementUtils().getTypeElement(name);
      try {
        String missing = t == null ? null : reader.read(t).unresolvedInGraph();
        if (missing != null) {
          print(
              ValidationReport.about(t)
                  .add(Message.TYPE_UNRESOLVED, Origin.of(t), t.getSimpleName(), missing)
                  .build());
        }
      } catch (RuntimeException failure) {
        fail(t, failure);
      }
    }
    deferred.clear();
  }

  /** Reports a fault of the processor on the type it was processing, with its stack trace. */
  private void fail(TypeElement type, RuntimeException failure) {
    print(
        ValidationReport.about(type)
            .add(
                Message.PROCESSOR_FAILURE,
                Origin.of(type),
                type.getSimpleName(),
                failure,
                stackTrace(failure))
            .build());
  }

  private void print(ValidationReport report) {
    report.printTo(processingEnv.getMessager());
  }

  private static String stackTrace(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
