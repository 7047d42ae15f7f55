package io.osmos.redis;

import io.osmos.spi.Driver;
import io.osmos.spi.DriverFactory;
import java.net.URI;
import java.util.Set;

/**
 * Makes {@link RedisDriver}s from {@code redis://}, {@code rediss://}, {@code redis-cluster://} and
 * {@code rediss-cluster://} URLs for {@code Osmos.driverFromUrl} and {@code OSMOS_DRIVER_<NAME>}
 * variables; found by {@link java.util.ServiceLoader}. Public only because the service loader needs
 * it.
 */
public final class RedisDriverFactory implements DriverFactory {
  /** For the service loader. */
  public RedisDriverFactory() {}

  @Override
  public Set<String> schemes() {
    return Set.of("redis", "rediss", RedisUrl.CLUSTER_SCHEME, RedisUrl.TLS_CLUSTER_SCHEME);
  }

  @Override
  public Driver create(URI url) {
    return new RedisDriver(url.toString());
  }
}
