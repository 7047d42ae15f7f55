package io.osmos.bigtable;

import io.osmos.spi.Driver;
import io.osmos.spi.DriverFactory;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.TreeSet;

/**
 * Makes {@link BigtableDriver}s from {@code bigtable://project/instance} URLs for {@code
 * Osmos.driverFromUrl} and {@code OSMOS_DRIVER_<NAME>} variables; found by {@link
 * java.util.ServiceLoader}. Public only because the service loader needs it.
 *
 * <p>Query parameters: {@code emulator=host:port} (plaintext, no credentials), {@code tablePrefix},
 * {@code appProfile}, {@code retention} (ISO-8601, e.g. {@code P7D}); e.g. {@code
 * bigtable://p/i?emulator=127.0.0.1:8086&tablePrefix=app}.
 */
public final class BigtableDriverFactory implements DriverFactory {
  private static final Set<String> PARAMETERS =
      Set.of("emulator", "tablePrefix", "appProfile", "retention");

  /** For the service loader. */
  public BigtableDriverFactory() {}

  @Override
  public Set<String> schemes() {
    return Set.of("bigtable");
  }

  @Override
  public Driver create(URI url) {
    String project = url.getHost() != null ? url.getHost() : url.getAuthority();
    String path = url.getPath() == null ? "" : url.getPath();
    String instance = path.startsWith("/") ? path.substring(1) : path;
    if (project == null || project.isBlank() || instance.isBlank() || instance.contains("/")) {
      throw new IllegalArgumentException(
          "a Bigtable URL names the project and the instance:"
              + " bigtable://<project>/<instance>[?emulator=host:port], was "
              + url);
    }
    BigtableDriver.Builder b = BigtableDriver.builder(project, instance);
    String q = url.getRawQuery();
    Set<String> seen = new TreeSet<>();
    if (q != null && !q.isEmpty()) {
      for (String pair : q.split("&", -1)) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException(
              "malformed parameter '" + pair + "' in " + url + "; write name=value");
        }
        String name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        if (!seen.add(name)) {
          throw new IllegalArgumentException("parameter '" + name + "' given twice in " + url);
        }
        switch (name) {
          case "emulator" -> b.emulatorHost(value);
          case "tablePrefix" -> b.tablePrefix(value);
          case "appProfile" -> b.appProfile(value);
          case "retention" -> b.retention(duration(value));
          default ->
              throw new IllegalArgumentException(
                  "unknown parameter '"
                      + name
                      + "' in "
                      + url
                      + "; Bigtable URLs take "
                      + new TreeSet<>(PARAMETERS));
        }
      }
    }
    return b.build();
  }

  private static Duration duration(String value) {
    try {
      return Duration.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "retention must be an ISO-8601 duration such as P7D or" + " PT12H, was '" + value + "'");
    }
  }
}
