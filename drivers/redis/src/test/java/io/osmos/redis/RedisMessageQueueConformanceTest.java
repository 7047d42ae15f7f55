package io.osmos.redis;

import io.osmos.spi.Driver;
import io.osmos.testkit.MessageQueueConformance;
import io.osmos.testkit.server.RedisTestServer;

/** The Redis driver passes the message-queue suite against a real redis-server. */
class RedisMessageQueueConformanceTest extends MessageQueueConformance {
  @Override
  protected Driver newDriver() {
    return new RedisDriver(RedisTestServer.shared().url());
  }
}
