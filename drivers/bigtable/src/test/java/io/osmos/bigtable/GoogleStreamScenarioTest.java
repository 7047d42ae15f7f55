package io.osmos.bigtable;

import io.osmos.Streams;
import io.osmos.bigquery.BigQueryDriver;
import io.osmos.bigquery.FakeBigQueryServer;
import io.osmos.pubsub.PubSubDriver;
import io.osmos.spi.Driver;
import io.osmos.testkit.StreamScenario;
import io.osmos.testkit.server.BigtableEmulator;
import io.osmos.testkit.server.PubSubEmulator;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;

/**
 * The stream scenario on Google's services, Beneath's production set: Pub/Sub (its emulator) as the
 * queue, Bigtable (its emulator) as the lookup service and BigQuery (the REST fake, DuckDB
 * underneath) as the warehouse, composed with {@link Streams#of}. The answers are the scenario's,
 * the same as on Memory + DuckDB and on PostgreSQL.
 *
 * <p>Topics, subscriptions and tables carry a prefix of their own, so the test can also run on
 * emulators shared with other runs ({@code OSMOS_TEST_PUBSUB}, {@code OSMOS_TEST_BIGTABLE}).
 */
class GoogleStreamScenarioTest extends StreamScenario {
  private FakeBigQueryServer bigquery;

  @Override
  protected Driver newDriver() {
    // Both emulators first: without one the class is skipped (failed under CI=true) before any
    // client is created.
    PubSubEmulator pubsubEmulator = PubSubEmulator.get();
    BigtableEmulator bigtableEmulator = BigtableEmulator.get();
    String prefix = "g" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
    PubSubDriver queue =
        PubSubDriver.builder("osmos-scenario")
            .emulatorHost(pubsubEmulator.hostPort())
            .topicPrefix(prefix)
            .build();
    BigtableDriver lookup;
    try {
      lookup =
          BigtableDriver.builder("osmos-scenario", "scenario")
              .emulatorHost(bigtableEmulator.hostPort())
              .tablePrefix(prefix)
              .build();
    } catch (RuntimeException e) {
      queue.close();
      throw e;
    }
    bigquery = FakeBigQueryServer.start();
    return Streams.of(queue, lookup, new BigQueryDriver(bigquery.options(), "osmos_scenario"));
  }

  @AfterAll
  void stopBigQuery() {
    if (bigquery != null) {
      bigquery.close();
    }
  }
}
