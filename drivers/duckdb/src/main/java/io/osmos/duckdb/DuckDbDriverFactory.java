package io.osmos.duckdb;

import io.osmos.spi.Driver;
import io.osmos.spi.DriverFactory;
import java.net.URI;
import java.nio.file.Path;
import java.util.Set;

/**
 * Makes {@link DuckDbDriver}s from {@code duckdb:} URLs for {@code Osmos.driverFromUrl} and {@code
 * OSMOS_DRIVER_<NAME>} variables; found by {@link java.util.ServiceLoader}. Public only because the
 * service loader needs it.
 *
 * <ul>
 *   <li>{@code duckdb:memory} or {@code duckdb::memory:} (DuckDB's own name): in memory;
 *   <li>{@code duckdb:/var/lib/app/warehouse.db} or {@code duckdb:///var/lib/app/warehouse.db}: a
 *       database file, by absolute path;
 *   <li>{@code duckdb:data/warehouse.db}: a database file relative to the working directory.
 * </ul>
 *
 * A bare {@code duckdb:} is not a URI ({@link java.net.URI} needs something after the colon); write
 * {@code duckdb:memory}, or construct {@code new DuckDbDriver()}.
 */
public final class DuckDbDriverFactory implements DriverFactory {
  /** For the service loader. */
  public DuckDbDriverFactory() {}

  @Override
  public Set<String> schemes() {
    return Set.of("duckdb");
  }

  @Override
  public Driver create(URI url) {
    if (url.getRawQuery() != null || url.getRawFragment() != null || url.getAuthority() != null) {
      throw new IllegalArgumentException(
          "a DuckDB URL is duckdb:memory or duckdb:<file path>,"
              + " without host, options or fragment; got '"
              + url
              + "'");
    }
    String path = url.isOpaque() ? url.getSchemeSpecificPart() : url.getPath();
    if (path == null || path.isEmpty() || path.equals("memory") || path.equals(":memory:")) {
      return new DuckDbDriver();
    }
    return new DuckDbDriver(Path.of(path));
  }
}
