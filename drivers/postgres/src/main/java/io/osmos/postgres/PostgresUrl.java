package io.osmos.postgres;

import io.osmos.spi.DeadLetterPolicy;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A driver URL taken apart: {@code postgresql://user:password@host:port/db?options}, {@code
 * postgres://...} or {@code jdbc:postgresql://...}. The options {@code schema}, {@code poolSize},
 * {@code warehouseUser}, {@code warehousePassword}, {@code warehouseTimeoutSeconds}, {@code
 * deadLetterAttempts} and {@code deadLetterTopic} are the driver's; every other option goes to the
 * JDBC driver (e.g. {@code sslmode=require}).
 *
 * @param jdbcUrl the URL for pgjdbc, without user, password and the driver's options
 * @param user the user, or null to let pgjdbc decide (from the JDBC URL or its defaults)
 * @param password the password, or null
 * @param options the driver's own options
 */
record PostgresUrl(String jdbcUrl, String user, String password, Map<String, String> options) {
  static final Set<String> DRIVER_OPTIONS =
      Set.of(
          "schema",
          "poolSize",
          "warehouseUser",
          "warehousePassword",
          "warehouseTimeoutSeconds",
          DeadLetterPolicy.ATTEMPTS_PARAMETER,
          DeadLetterPolicy.TOPIC_PARAMETER);

  @Override
  public String toString() {
    // Never show a password.
    Map<String, String> shown = new LinkedHashMap<>(options);
    shown.computeIfPresent("warehousePassword", (k, v) -> "***");
    return "PostgresUrl[" + redact(jdbcUrl) + ", user=" + user + ", options=" + shown + "]";
  }

  /**
   * Where this URL connects, for messages: {@code postgresql://user@host:port/database}, never the
   * password nor the JDBC options.
   */
  String target() {
    String rest = jdbcUrl.substring("jdbc:postgresql:".length());
    int q = rest.indexOf('?');
    if (q >= 0) {
      rest = rest.substring(0, q);
    }
    if (rest.startsWith("//") && user != null) {
      rest = "//" + user + "@" + rest.substring(2);
    }
    return "postgresql:" + rest;
  }

  /** The value of JDBC option {@code name} (e.g. {@code sslmode}) in the URL, or null. */
  String jdbcOption(String name) {
    int q = jdbcUrl.indexOf('?');
    if (q < 0) {
      return null;
    }
    for (String pair : jdbcUrl.substring(q + 1).split("&", -1)) {
      int eq = pair.indexOf('=');
      if (decode(eq < 0 ? pair : pair.substring(0, eq)).equals(name)) {
        return eq < 0 ? "" : decode(pair.substring(eq + 1));
      }
    }
    return null;
  }

  /**
   * Parses a driver URL.
   *
   * @throws IllegalArgumentException saying what is wrong and what a URL looks like
   */
  static PostgresUrl parse(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException(
          "a PostgreSQL URL is required, e.g." + " postgresql://user@localhost:5432/app");
    }
    String u = url.trim();
    String lower = u.toLowerCase(Locale.ROOT);
    String rest;
    if (lower.startsWith("jdbc:postgresql:")) {
      rest = u.substring("jdbc:postgresql:".length());
    } else if (lower.startsWith("postgresql:")) {
      rest = u.substring("postgresql:".length());
    } else if (lower.startsWith("postgres:")) {
      rest = u.substring("postgres:".length());
    } else {
      throw new IllegalArgumentException(
          "not a PostgreSQL URL: '"
              + redact(u)
              + "'; expected"
              + " postgresql://user:password@host:port/database (or postgres://, jdbc:postgresql:)");
    }
    String query = "";
    int q = rest.indexOf('?');
    if (q >= 0) {
      query = rest.substring(q + 1);
      rest = rest.substring(0, q);
    }
    String user = null;
    String password = null;
    if (rest.startsWith("//")) {
      int slash = rest.indexOf('/', 2);
      String authority = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
      String path = slash < 0 ? "/" : rest.substring(slash);
      int at = authority.lastIndexOf('@');
      if (at >= 0) {
        String info = authority.substring(0, at);
        authority = authority.substring(at + 1);
        int colon = info.indexOf(':');
        user = decode(colon < 0 ? info : info.substring(0, colon));
        password = colon < 0 ? null : decode(info.substring(colon + 1));
      }
      if (authority.isEmpty()) {
        authority = "localhost";
      }
      rest = "//" + authority + path;
    }
    Map<String, String> options = new LinkedHashMap<>();
    StringBuilder jdbcQuery = new StringBuilder();
    if (!query.isEmpty()) {
      for (String pair : query.split("&", -1)) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        if (DRIVER_OPTIONS.contains(name)) {
          options.put(name, value);
        } else if (name.equals("user") && user == null) {
          user = value;
        } else if (name.equals("password") && password == null) {
          password = value;
        } else {
          jdbcQuery.append(jdbcQuery.length() == 0 ? "?" : "&").append(pair);
        }
      }
    }
    return new PostgresUrl(
        "jdbc:postgresql:" + rest + jdbcQuery, user, password, Map.copyOf(options));
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** The URL without its password, for messages. */
  static String redact(String url) {
    return url.replaceAll("(//[^/:@?]*:)[^@/?]*@", "$1***@")
        .replaceAll("(?i)([?&][a-z]*password=)[^&]*", "$1***");
  }
}
