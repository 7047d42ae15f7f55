package io.osmos.pubsub;

import io.osmos.spi.Driver;
import io.osmos.testkit.MessageQueueConformance;
import io.osmos.testkit.server.PubSubEmulator;
import java.time.Duration;

/** The message-queue conformance suite against Google's Pub/Sub emulator. */
class PubSubMessageQueueConformanceTest extends MessageQueueConformance {
  @Override
  protected Driver newDriver() {
    return PubSubDriver.builder("osmos-conformance")
        .emulatorHost(PubSubEmulator.get().hostPort())
        .build();
  }

  /** The emulator waits about 2 s before it delivers a nacked message again. */
  @Override
  protected Duration quietPeriod() {
    return Duration.ofSeconds(3);
  }
}
