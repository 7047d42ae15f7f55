package io.osmos.junit;

import io.osmos.Osmos;
import io.osmos.RepositoryFactory;
import io.osmos.exceptions.OsmosException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit Jupiter extension behind {@link OsmosTest}; register it yourself to configure it in
 * code:
 *
 * <pre>{@code
 * @RegisterExtension
 * static OsmosExtension osmos = OsmosExtension.builder()
 *     .driver("db", "memory:")
 *     .registry(RegistryScope.PER_CLASS)
 *     .build();
 * }</pre>
 *
 * <ul>
 *   <li><b>Registry.</b> Before each test (or, with {@link RegistryScope#PER_CLASS}, before the
 *       class) it builds an {@link Osmos} registry with the declared drivers, each URL overridable
 *       by {@code osmos.driver.<name>} or {@code OSMOS_DRIVER_<NAME>} (see {@link Driver}), and
 *       closes it after.
 *   <li><b>Injection.</b> Fields marked {@link Inject} (or {@code jakarta.inject.Inject}) and
 *       parameters of test and lifecycle methods, of type {@code Osmos} or of a repository type in
 *       the repository index the annotation processor writes, are given the registry or its
 *       repository (one instance per registry).
 *   <li><b>Clean store.</b> After each test it deletes every document of every bucket a repository
 *       bound through the registry, through the driver, so the next test starts empty. A {@code
 *       memory:} driver of a registry per test is simply dropped. What cannot be deleted (stream
 *       models on a driver that outlives the test) is reported as a JUnit report entry {@code
 *       osmos.notCleared}. Never point a test at a database whose data you keep.
 * </ul>
 */
public final class OsmosExtension
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(OsmosExtension.class);
  private static final String REGISTRY = "registry";
  private static final String INDEX = "index";
  private static final Set<String> INJECT =
      Set.of(Inject.class.getName(), "jakarta.inject.Inject", "javax.inject.Inject");

  private final Map<String, String> drivers;
  private final RegistryScope scope;
  private final Map<String, String> environment;

  /** The extension as {@link OsmosTest} registers it: configured by annotations. */
  public OsmosExtension() {
    this(null, null, System.getenv());
  }

  OsmosExtension(
      Map<String, String> drivers, RegistryScope scope, Map<String, String> environment) {
    this.drivers = drivers;
    this.scope = scope;
    this.environment = environment;
  }

  /** Configures an extension in code, instead of with annotations. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link OsmosExtension}. */
  public static final class Builder {
    private final Map<String, String> drivers = new LinkedHashMap<>();
    private RegistryScope scope = RegistryScope.PER_TEST;
    private Map<String, String> environment = System.getenv();

    private Builder() {}

    /** Declares a driver on {@code memory:}. */
    public Builder driver(String name) {
      return driver(name, "memory:");
    }

    /** Declares a driver; the overrides of {@link Driver} apply to it too. */
    public Builder driver(String name, String url) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("a driver name must not be empty");
      }
      if (drivers.putIfAbsent(name, Objects.requireNonNull(url, "url")) != null) {
        throw new IllegalArgumentException("the driver '" + name + "' is declared twice");
      }
      return this;
    }

    /** How long a registry lives; {@link RegistryScope#PER_TEST} by default. */
    public Builder registry(RegistryScope scope) {
      this.scope = Objects.requireNonNull(scope, "scope");
      return this;
    }

    /** The environment the {@code OSMOS_DRIVER_<NAME>} overrides are read from (for tests). */
    Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(environment);
      return this;
    }

    /** The extension. */
    public OsmosExtension build() {
      return new OsmosExtension(new LinkedHashMap<>(drivers), scope, environment);
    }
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  @Override
  public void beforeAll(ExtensionContext context) {
    if (scope(context) == RegistryScope.PER_CLASS && registry(context) == null) {
      open(context);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IllegalAccessException {
    if (registry(context) == null) {
      open(context);
    }
    Registry registry = registry(context);
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      inject(instance, registry.osmos);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Registry registry = registry(context);
    if (registry == null) {
      return;
    }
    boolean own = registry.owner.equals(context.getUniqueId());
    RuntimeException failure = null;
    try {
      // A registry per test drops its memory: drivers with it; everything else is cleared.
      List<String> notCleared =
          StoreCleaner.clear(registry.osmos, own ? registry.inProcess : Set.of());
      for (String line : notCleared) {
        context.publishReportEntry("osmos.notCleared", line);
      }
    } catch (RuntimeException e) {
      failure = new OsmosException("after " + context.getDisplayName() + ": " + e.getMessage(), e);
    }
    if (own) {
      failure = close(context, registry, failure);
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Registry registry = registry(context);
    if (registry != null && registry.owner.equals(context.getUniqueId())) {
      RuntimeException failure = close(context, registry, null);
      if (failure != null) {
        throw failure;
      }
    }
  }

  /** A registry and what the extension knows of it. */
  private static final class Registry {
    final Osmos osmos;
    final String owner;
    final Set<String> inProcess;

    Registry(Osmos osmos, String owner, Set<String> inProcess) {
      this.osmos = osmos;
      this.owner = owner;
      this.inProcess = inProcess;
    }
  }

  private static Registry registry(ExtensionContext context) {
    // Stores look up their parents: a test finds its class's registry.
    return context.getStore(NAMESPACE).get(REGISTRY, Registry.class);
  }

  private void open(ExtensionContext context) {
    Map<String, String> declared = drivers(context);
    Osmos.Builder builder = Osmos.builder();
    Set<String> inProcess = new HashSet<>();
    List<io.osmos.spi.Driver> made = new ArrayList<>();
    try {
      for (Map.Entry<String, String> d : declared.entrySet()) {
        DriverUrls.Resolved url =
            DriverUrls.resolve(
                d.getKey(), d.getValue(), context::getConfigurationParameter, environment);
        io.osmos.spi.Driver driver;
        try {
          driver = Osmos.driverFromUrl(url.url());
        } catch (RuntimeException e) {
          throw new ExtensionConfigurationException(
              "cannot make the driver '"
                  + d.getKey()
                  + "' of "
                  + context.getDisplayName()
                  + " from "
                  + url
                  + ": "
                  + DriverUrls.redact(String.valueOf(e.getMessage())),
              e);
        }
        made.add(driver);
        builder.driver(d.getKey(), driver);
        if (url.inProcess()) {
          inProcess.add(d.getKey());
        }
      }
    } catch (RuntimeException e) {
      for (io.osmos.spi.Driver d : made) {
        try {
          d.close();
        } catch (RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
    context
        .getStore(NAMESPACE)
        .put(REGISTRY, new Registry(builder.build(), context.getUniqueId(), Set.copyOf(inProcess)));
  }

  private static RuntimeException close(
      ExtensionContext context, Registry registry, RuntimeException failure) {
    context.getStore(NAMESPACE).remove(REGISTRY);
    try {
      registry.osmos.close();
    } catch (RuntimeException e) {
      if (failure == null) {
        return e;
      }
      failure.addSuppressed(e);
    }
    return failure;
  }

  // ---- configuration ---------------------------------------------------------------------------

  private RegistryScope scope(ExtensionContext context) {
    if (scope != null) {
      return scope;
    }
    for (Class<?> c : classes(context)) {
      Optional<OsmosTest> test = AnnotationSupport.findAnnotation(c, OsmosTest.class);
      if (test.isPresent()) {
        return test.get().registry();
      }
    }
    return RegistryScope.PER_TEST;
  }

  /** The declared drivers: the builder's, or the {@code @Driver}s, the innermost class first. */
  private Map<String, String> drivers(ExtensionContext context) {
    if (drivers != null) {
      return drivers;
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Class<?> c : classes(context)) {
      Map<String, String> here = new LinkedHashMap<>();
      for (Driver d : AnnotationSupport.findRepeatableAnnotations(c, Driver.class)) {
        if (d.name().isBlank()) {
          throw new ExtensionConfigurationException(
              "@Driver on "
                  + c.getName()
                  + " has an empty name; give the name models bind to, e.g. @Driver(name = \"db\")");
        }
        if (here.putIfAbsent(d.name(), d.url()) != null) {
          throw new ExtensionConfigurationException(
              c.getName() + " declares @Driver(name = \"" + d.name() + "\") twice");
        }
      }
      here.forEach(out::putIfAbsent);
    }
    return out;
  }

  /** The test class and the classes enclosing it ({@code @Nested} tests). */
  private static List<Class<?>> classes(ExtensionContext context) {
    List<Class<?>> out = new ArrayList<>();
    for (Class<?> c = context.getRequiredTestClass(); c != null; c = c.getEnclosingClass()) {
      out.add(c);
    }
    return out;
  }

  // ---- injection -------------------------------------------------------------------------------

  private static void inject(Object instance, Osmos osmos) throws IllegalAccessException {
    for (Class<?> c = instance.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (!injected(f)) {
          continue;
        }
        String where = "field " + c.getName() + "." + f.getName();
        if (Modifier.isStatic(f.getModifiers()) || Modifier.isFinal(f.getModifiers())) {
          throw new ExtensionConfigurationException(
              where
                  + " is marked for injection but is "
                  + (Modifier.isStatic(f.getModifiers()) ? "static" : "final")
                  + "; the registry"
                  + " exists per test: make it an instance field that is not final");
        }
        f.setAccessible(true);
        f.set(instance, value(f.getType(), osmos, where, ExtensionConfigurationException::new));
      }
    }
  }

  private static boolean injected(Field f) {
    for (Annotation a : f.getAnnotations()) {
      if (INJECT.contains(a.annotationType().getName())) {
        return true;
      }
    }
    return false;
  }

  private static Object value(
      Class<?> type,
      Osmos osmos,
      String where,
      BiFunction<String, Throwable, RuntimeException> error) {
    if (type == Osmos.class) {
      return osmos;
    }
    if (!osmos.hasRepository(type)) {
      throw error.apply(
          where
              + ": cannot inject "
              + type.getName()
              + ", which is neither"
              + " Osmos nor a repository of the repository index; repositories are indexed when the"
              + " Osmos annotation processor compiles their model",
          null);
    }
    try {
      return osmos.repository(type);
    } catch (RuntimeException e) {
      throw error.apply(where + ": cannot bind " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == Osmos.class || index(context).contains(type);
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    String where =
        "parameter "
            + parameter.getParameter().getName()
            + " of "
            + parameter.getDeclaringExecutable();
    Registry registry = registry(context);
    if (registry == null) {
      throw new ParameterResolutionException(
          where
              + ": there is no Osmos registry yet; a"
              + " registry per test exists from just before each test: for constructor or @BeforeAll"
              + " parameters use @OsmosTest(registry = RegistryScope.PER_CLASS)");
    }
    return value(
        parameter.getParameter().getType(),
        registry.osmos,
        where,
        ParameterResolutionException::new);
  }

  /** The repository types of the index, read once per test run. */
  @SuppressWarnings("unchecked")
  private static Set<Class<?>> index(ExtensionContext context) {
    ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
    Set<Class<?>> types = store.get(INDEX, Set.class);
    if (types == null) {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      Set<Class<?>> read = new HashSet<>();
      for (RepositoryFactory<?> f :
          Osmos.repositoryFactories(
              loader != null ? loader : OsmosExtension.class.getClassLoader())) {
        read.add(f.repositoryType());
      }
      types = Set.copyOf(read);
      store.put(INDEX, types);
    }
    return types;
  }
}
