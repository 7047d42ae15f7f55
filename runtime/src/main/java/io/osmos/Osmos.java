package io.osmos;

import io.osmos.exceptions.CapabilityException;
import io.osmos.exceptions.DriverException;
import io.osmos.exceptions.DriverNotFoundException;
import io.osmos.exceptions.OsmosException;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.Driver;
import io.osmos.spi.DriverFactory;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The registry that repositories find their drivers in, by name. Build one per application:
 *
 * <pre>{@code
 * Osmos osmos = Osmos.builder().driver("db", new MemoryDriver()).build();
 * UserRepository users = new UserRepository(osmos);
 * }</pre>
 *
 * or, through the repository index the annotation processor writes, {@code
 * osmos.repository(UserRepository.class)}.
 *
 * <p>Tests register the in-memory driver under the name production gives to Redis. For one
 * process-wide registry, as the Node.js Osmos library has, use {@link #registerDriverInstance} and
 * {@link #global()}.
 */
public final class Osmos implements AutoCloseable {
  private static final Osmos GLOBAL =
      new Osmos(new ConcurrentHashMap<>(), null, Clock.systemUTC(), List.of());

  private final Map<String, Driver> drivers;
  private final CursorCodec cursors;
  private final Clock clock;
  private final Map<Class<?>, Object> repositories = new ConcurrentHashMap<>();
  private volatile Index index;
  private final Map<String, BoundModel> bound = new LinkedHashMap<>();
  private final Map<String, List<Pipeline>> pipelines = new ConcurrentHashMap<>();
  private final List<OsmosObserver> observers;

  private Osmos(
      Map<String, Driver> drivers,
      byte[] cursorSecret,
      Clock clock,
      List<OsmosObserver> observers) {
    this.drivers = drivers;
    this.observers = List.copyOf(observers);
    this.cursors = new CursorCodec(cursorSecret != null ? cursorSecret : randomSecret());
    this.clock = clock;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The process-wide registry that {@link #registerDriverInstance} fills. */
  public static Osmos global() {
    return GLOBAL;
  }

  /** Registers (or replaces) a driver in the {@link #global()} registry. */
  public static void registerDriverInstance(String name, Driver driver) {
    GLOBAL.drivers.put(checkName(name), Objects.requireNonNull(driver, "driver"));
  }

  /** Removes a driver from the {@link #global()} registry; returns it, or null. */
  public static Driver unregisterDriverInstance(String name) {
    return GLOBAL.drivers.remove(name);
  }

  /**
   * The driver registered under {@code name}.
   *
   * @throws DriverNotFoundException naming the registered drivers
   */
  public Driver driver(String name) {
    Driver d = drivers.get(name);
    if (d == null) {
      throw new DriverNotFoundException(
          "Driver instance '"
              + name
              + "' not found; registered: "
              + new TreeSet<>(drivers.keySet()));
    }
    return d;
  }

  /** The names drivers are registered under. */
  public Set<String> driverNames() {
    return Set.copyOf(drivers.keySet());
  }

  /** The clock constraints such as {@code @Past} are checked against. */
  public Clock clock() {
    return clock;
  }

  CursorCodec cursors() {
    return cursors;
  }

  /**
   * The repository of type {@code type} bound to this registry's drivers, made by its entry in the
   * repository index (see {@link RepositoryFactory}) the first time it is asked for and the same
   * instance afterwards.
   *
   * <pre>{@code
   * OrderRepository orders = osmos.repository(OrderRepository.class);
   * }</pre>
   *
   * @throws OsmosException if no index entry makes {@code type}, naming the types that are indexed
   * @throws DriverNotFoundException if the driver the repository binds to is not registered
   */
  public <R> R repository(Class<R> type) {
    Objects.requireNonNull(type, "type");
    Object made = repositories.get(type);
    if (made == null) {
      // Not computeIfAbsent: a factory may ask this registry for the repositories it needs.
      Object fresh = index().factory(type).create(this);
      made = repositories.putIfAbsent(type, fresh);
      if (made == null) {
        made = fresh;
      }
    }
    return type.cast(made);
  }

  /** Whether the repository index has an entry for {@code type}. */
  public boolean hasRepository(Class<?> type) {
    return index().factories.containsKey(type);
  }

  private Index index() {
    Index i = index;
    if (i == null) {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      i = new Index(loader != null ? loader : Osmos.class.getClassLoader());
      index = i;
    }
    return i;
  }

  /**
   * Every entry of the repository index visible to {@code loader} (each listed in a {@code
   * META-INF/services/io.osmos.RepositoryFactory} file), ordered by repository type name. Entries
   * whose class cannot be loaded (a stale index) are left out.
   *
   * @throws OsmosException if two entries make the same repository type
   */
  public static List<RepositoryFactory<?>> repositoryFactories(ClassLoader loader) {
    return List.copyOf(new Index(loader).factories.values());
  }

  /** The repository index of one class loader: factories by type, and the entries that failed. */
  private static final class Index {
    final Map<Class<?>, RepositoryFactory<?>> factories = new LinkedHashMap<>();
    final List<String> broken = new ArrayList<>();

    Index(ClassLoader loader) {
      List<RepositoryFactory<?>> all = new ArrayList<>();
      @SuppressWarnings("rawtypes")
      Iterator<RepositoryFactory> it =
          ServiceLoader.load(RepositoryFactory.class, loader).iterator();
      while (true) {
        try {
          if (!it.hasNext()) {
            break;
          }
          all.add(it.next());
        } catch (ServiceConfigurationError e) {
          broken.add(e.getMessage());
        }
      }
      all.sort(Comparator.comparing(f -> f.repositoryType().getName()));
      for (RepositoryFactory<?> f : all) {
        RepositoryFactory<?> other = factories.putIfAbsent(f.repositoryType(), f);
        if (other != null) {
          throw new OsmosException(
              "the repository index has two entries for "
                  + f.repositoryType().getName()
                  + ": "
                  + other.getClass().getName()
                  + " and "
                  + f.getClass().getName()
                  + "; is the repository on the class path twice?");
        }
      }
    }

    @SuppressWarnings("unchecked")
    <R> RepositoryFactory<R> factory(Class<R> type) {
      RepositoryFactory<?> f = factories.get(type);
      if (f == null) {
        List<String> known = new ArrayList<>();
        for (Class<?> c : factories.keySet()) {
          known.add(c.getName());
        }
        throw new OsmosException(
            "no repository "
                + type.getName()
                + " in the repository index"
                + " (META-INF/services/"
                + RepositoryFactory.class.getName()
                + "); indexed: "
                + known
                + (broken.isEmpty() ? "" : "; entries that failed to load: " + broken)
                + ". Repositories are indexed when the Osmos annotation processor compiles their"
                + " model: is it on the annotation processor path of that module?");
      }
      return (RepositoryFactory<R>) f;
    }
  }

  /**
   * A model a repository bound through this registry.
   *
   * @param driverName the name of the driver it is bound to
   * @param model the model's schema (its bucket, kind and key)
   */
  public record BoundModel(String driverName, ModelSchema<?, ?> model) {}

  /**
   * The models repositories bound through this registry so far, once each per driver and bucket, in
   * binding order: what a test extension clears between tests.
   */
  public List<BoundModel> boundModels() {
    synchronized (bound) {
      return List.copyOf(bound.values());
    }
  }

  /**
   * Starts observing a driver call; null when the registry has no observer, so that calls cost
   * nothing then.
   */
  Observation observe(
      String driverName, String driverKind, String bucket, String op, int keyCount) {
    if (observers.isEmpty()) {
      return null;
    }
    return Observation.start(
        observers, new OsmosObserver.Operation(driverName, driverKind, bucket, op, keyCount));
  }

  /** Called by each binding. */
  void bound(String driverName, ModelSchema<?, ?> model) {
    synchronized (bound) {
      bound.putIfAbsent(driverName + "\u0000" + model.bucket(), new BoundModel(driverName, model));
    }
  }

  /** The pipelines started on {@code driverName} that want to hear of its publishes. */
  List<Pipeline> pipelines(String driverName) {
    List<Pipeline> l = pipelines.get(driverName);
    return l == null ? List.of() : l;
  }

  /** Registers a started pipeline for publish tracking; returns what removes it. */
  Runnable track(String driverName, Pipeline pipeline) {
    List<Pipeline> l = pipelines.computeIfAbsent(driverName, n -> new CopyOnWriteArrayList<>());
    l.add(pipeline);
    return () -> l.remove(pipeline);
  }

  /**
   * A new, not yet started {@link Pipeline} that writes the records published to the stream driver
   * registered under {@code driverName} (typically {@link Streams#of}) to its lookup service and
   * warehouse.
   *
   * @throws DriverNotFoundException if there is no such driver
   * @throws CapabilityException if it is not both a message queue and a lookup service
   */
  public Pipeline pipeline(String driverName) {
    return new Pipeline(this, driverName, driver(driverName));
  }

  /**
   * Closes every driver of this registry. The global registry's drivers belong to whoever
   * registered them and are not closed.
   */
  @Override
  public void close() {
    if (this == GLOBAL) {
      return;
    }
    RuntimeException first = null;
    for (Driver d : drivers.values()) {
      try {
        d.close();
      } catch (Exception e) {
        if (first == null) {
          first = new DriverException("closing driver " + d.kind() + " failed", e);
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /**
   * {@code url} for messages: the password of its user info ({@code //user:password@}) and the
   * values of query parameters whose name ends in "password" replaced by {@code ***}.
   */
  static String redact(String url) {
    return url.replaceAll("(//[^/?#@]*?:)[^/?#]*@", "$1***@")
        .replaceAll("(?i)([?&][a-z_]*password=)[^&#]*", "$1***");
  }

  /**
   * Creates a driver from a URL with the {@link DriverFactory} registered for its scheme: the
   * runtime registers {@code memory:}; driver modules add {@code redis://}, {@code postgresql://},
   * ...
   *
   * @throws IllegalArgumentException for an unknown scheme, naming the known ones
   */
  public static Driver driverFromUrl(String url) {
    String text = url.trim();
    int colon = text.indexOf(':');
    String scheme = colon < 0 ? "" : text.substring(0, colon).toLowerCase(Locale.ROOT);
    Set<String> known = new TreeSet<>();
    for (DriverFactory f : ServiceLoader.load(DriverFactory.class, Osmos.class.getClassLoader())) {
      if (f.schemes().contains(scheme)) {
        URI uri;
        try {
          // java.net.URI rejects a scheme with nothing after it ("memory:", "memory://"): that is
          // "memory:/".
          String rest = text.substring(colon + 1);
          uri = URI.create(rest.isEmpty() || rest.equals("//") ? scheme + ":/" : text);
        } catch (IllegalArgumentException e) {
          // The parser's message quotes the whole URL: give only its reason and position.
          String why =
              e.getCause() instanceof java.net.URISyntaxException syntax
                  ? syntax.getReason() + " at index " + syntax.getIndex()
                  : "malformed";
          throw new IllegalArgumentException(
              "not a driver URL: '" + redact(url) + "' (" + why + ")");
        }
        return f.create(uri);
      }
      known.addAll(f.schemes());
    }
    throw new IllegalArgumentException(
        "no driver for URL scheme '"
            + scheme
            + "' in '"
            + redact(url)
            + "'; known schemes: "
            + known
            + " (add the driver module for the others to the class path)");
  }

  private static String checkName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a driver name must not be empty");
    }
    return name;
  }

  private static byte[] randomSecret() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return b;
  }

  /** Builds an {@link Osmos} registry. */
  public static final class Builder {
    private final Map<String, Driver> drivers = new LinkedHashMap<>();
    private byte[] cursorSecret;
    private Clock clock = Clock.systemUTC();
    private final List<OsmosObserver> observers = new ArrayList<>();

    private Builder() {}

    /**
     * Adds an observer of every driver call of the registry's repositories and pipelines; several
     * observers hear of each call in the order added.
     */
    public Builder observer(OsmosObserver observer) {
      observers.add(Objects.requireNonNull(observer, "observer"));
      return this;
    }

    /** Registers {@code driver} under {@code name}. */
    public Builder driver(String name, Driver driver) {
      if (drivers.putIfAbsent(checkName(name), Objects.requireNonNull(driver, "driver")) != null) {
        throw new IllegalArgumentException("a driver is already registered as '" + name + "'");
      }
      return this;
    }

    /** Registers the driver {@link #driverFromUrl} makes of {@code url} under {@code name}. */
    public Builder driver(String name, String url) {
      return driver(name, driverFromUrl(url));
    }

    /**
     * Registers a driver for every {@code OSMOS_DRIVER_<NAME>=<url>} entry of {@code env} (name
     * lower-cased, {@code _} kept), for configuration by environment, e.g. {@code
     * OSMOS_DRIVER_DB=redis://127.0.0.1:6379}. Names already registered are left alone; follow with
     * {@link #driverIfAbsent} to give defaults.
     */
    public Builder fromEnvironment(Map<String, String> env) {
      List<String> names = new ArrayList<>();
      for (Map.Entry<String, String> e : env.entrySet()) {
        if (e.getKey().startsWith("OSMOS_DRIVER_") && e.getKey().length() > 13) {
          names.add(e.getKey());
        }
      }
      names.sort(null);
      for (String k : names) {
        String name = k.substring(13).toLowerCase(Locale.ROOT);
        if (!drivers.containsKey(name)) {
          driver(name, driverFromUrl(env.get(k)));
        }
      }
      return this;
    }

    /** Registers a driver under {@code name} unless one is registered already. */
    public Builder driverIfAbsent(String name, Function<String, Driver> factory) {
      if (!drivers.containsKey(name)) {
        driver(name, factory.apply(name));
      }
      return this;
    }

    /**
     * The key that signs page cursors. Give the same secret to every process that must accept the
     * others' cursors (at least 16 bytes); by default each registry makes a random one.
     */
    public Builder cursorSecret(byte[] secret) {
      if (secret.length < 16) {
        throw new IllegalArgumentException("a cursor secret needs at least 16 bytes");
      }
      this.cursorSecret = secret.clone();
      return this;
    }

    /** The clock for {@code @Past}/{@code @Future} checks and default timestamps. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    public Osmos build() {
      return new Osmos(new ConcurrentHashMap<>(drivers), cursorSecret, clock, observers);
    }
  }
}
