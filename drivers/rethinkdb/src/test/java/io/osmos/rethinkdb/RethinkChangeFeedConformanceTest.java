package io.osmos.rethinkdb;

import io.osmos.spi.Driver;
import io.osmos.testkit.ChangeFeedConformance;
import io.osmos.testkit.server.RethinkTestServer;

/** The change-feed conformance suite against the RethinkDB test server. */
class RethinkChangeFeedConformanceTest extends ChangeFeedConformance {
  @Override
  protected Driver newDriver() {
    return new RethinkDriver(RethinkTestServer.get().url("osmos_feed_test"));
  }
}
