package io.osmos.redis;

import io.osmos.spi.Driver;
import io.osmos.testkit.MessageQueueConformance;
import io.osmos.testkit.server.RedisClusterTestServer;

/** The Redis driver passes the message-queue suite on a Redis Cluster. */
class RedisClusterMessageQueueConformanceTest extends MessageQueueConformance {
  @Override
  protected Driver newDriver() {
    return new RedisDriver(RedisClusterTestServer.shared().url());
  }
}
