package io.osmos.junit;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Where a declared driver's URL comes from: an override, or the declaration. */
final class DriverUrls {
  private DriverUrls() {}

  /**
   * A driver's URL and where it was given.
   *
   * @param url the URL
   * @param source {@code @Driver}, {@code osmos.driver.<name>} or {@code OSMOS_DRIVER_<NAME>}
   */
  record Resolved(String url, String source) {
    /** Whether the driver keeps its data in this process only, so a new one starts empty. */
    boolean inProcess() {
      return url.trim().toLowerCase(Locale.ROOT).startsWith("memory:");
    }

    /** For messages: the URL without a password. */
    @Override
    public String toString() {
      return source + "='" + redact(url) + "'";
    }
  }

  /** {@code osmos.driver.db}: the system property or JUnit configuration parameter. */
  static String property(String driverName) {
    return "osmos.driver." + driverName;
  }

  /** {@code OSMOS_DRIVER_DB}: the name upper-cased, other characters than letters and digits _. */
  static String variable(String driverName) {
    return "OSMOS_DRIVER_" + driverName.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  /**
   * The URL of the driver declared as {@code name} with {@code declared}: the configuration
   * parameter (which includes system properties) first, then the environment, then the declaration.
   */
  static Resolved resolve(
      String name,
      String declared,
      Function<String, Optional<String>> configuration,
      Map<String, String> environment) {
    Optional<String> configured = configuration.apply(property(name)).filter(v -> !v.isBlank());
    if (configured.isPresent()) {
      return new Resolved(configured.get().trim(), property(name));
    }
    String env = environment.get(variable(name));
    if (env != null && !env.isBlank()) {
      return new Resolved(env.trim(), variable(name));
    }
    return new Resolved(declared, "@Driver(name = \"" + name + "\")");
  }

  /** {@code redis://user:secret@host} as {@code redis://user:***@host}. */
  static String redact(String url) {
    return url.replaceAll("(//[^/@:]*):[^/@]*@", "$1:***@");
  }
}
