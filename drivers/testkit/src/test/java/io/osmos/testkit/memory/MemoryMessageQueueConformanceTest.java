package io.osmos.testkit.memory;

import io.osmos.memory.MemoryDriver;
import io.osmos.spi.Driver;
import io.osmos.testkit.MessageQueueConformance;

/** The in-memory driver passes the message-queue suite. */
class MemoryMessageQueueConformanceTest extends MessageQueueConformance {
  @Override
  protected Driver newDriver() {
    return new MemoryDriver();
  }
}
