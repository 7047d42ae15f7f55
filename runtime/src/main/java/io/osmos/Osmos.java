package io.osmos;

import io.osmos.exceptions.CapabilityException;
import io.osmos.exceptions.DriverException;
import io.osmos.exceptions.DriverNotFoundException;
import io.osmos.spi.Driver;
import io.osmos.spi.DriverFactory;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The registry that repositories find their drivers in, by name. Build one per application:
 *
 * <pre>{@code
 * Osmos osmos = Osmos.builder().driver("db", new MemoryDriver()).build();
 * UserRepository users = new UserRepository(osmos);
 * }</pre>
 *
 * Tests register the in-memory driver under the name production gives to Redis. For one
 * process-wide registry, as the Node.js Osmos library has, use {@link #registerDriverInstance} and
 * {@link #global()}.
 */
public final class Osmos implements AutoCloseable {
  private static final Osmos GLOBAL = new Osmos(new ConcurrentHashMap<>(), null, Clock.systemUTC());

  private final Map<String, Driver> drivers;
  private final CursorCodec cursors;
  private final Clock clock;

  private Osmos(Map<String, Driver> drivers, byte[] cursorSecret, Clock clock) {
    this.drivers = drivers;
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
          "Driver instance '" + name + "' not found; registered: " + new TreeSet<>(drivers.keySet()));
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
   * A new, not yet started {@link Pipeline} that writes the records published to the stream
   * driver registered under {@code driverName} (typically {@link Streams#of}) to its lookup service
   * and warehouse.
   *
   * @throws DriverNotFoundException if there is no such driver
   * @throws CapabilityException if it is not both a message queue and a lookup service
   */
  public Pipeline pipeline(String driverName) {
    return new Pipeline(driverName, driver(driverName));
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
   * runtime registers {@code memory:}; driver modules add {@code redis://}, {@code
   * postgresql://}, ...
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
          String why = e.getCause() instanceof java.net.URISyntaxException syntax
              ? syntax.getReason() + " at index " + syntax.getIndex() : "malformed";
          throw new IllegalArgumentException(
              "not a driver URL: '" + redact(url) + "' (" + why + ")");
        }
        return f.create(uri);
      }
      known.addAll(f.schemes());
    }
    throw new IllegalArgumentException(
        "no driver for URL scheme '" + scheme + "' in '" + redact(url) + "'; known schemes: "
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

    private Builder() {}

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
     * OSMOS_DRIVER_DB=redis://127.0.0.1:6379}. Names already registered are left alone; follow
     * with {@link #driverIfAbsent} to give defaults.
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
      return new Osmos(new ConcurrentHashMap<>(drivers), cursorSecret, clock);
    }
  }
}
