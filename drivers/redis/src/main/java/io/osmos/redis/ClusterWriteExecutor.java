package io.osmos.redis;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisAskDataException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisMovedDataException;
import redis.clients.jedis.executors.CommandExecutor;
import redis.clients.jedis.providers.ClusterConnectionProvider;

/**
 * Runs the driver's writes on a cluster without ever sending one twice. Jedis's own cluster
 * executor sends a command again after its connection failed, although Redis may have run it and
 * only the reply was lost; for a script that increments a field or checks a version that is a
 * second write. This executor follows {@code MOVED} and {@code ASK} (Redis ran nothing), and
 * retries while no connection to the slot's master can be opened (nothing was sent), reloading the
 * slot map each time, until a deadline: during a failover a write waits for the promoted replica. A
 * connection that fails once the command was sent fails the write.
 */
final class ClusterWriteExecutor implements CommandExecutor {
  private static final int MAX_REDIRECTS = 5;
  private static final long FIRST_PAUSE_MILLIS = 50;
  private static final long MAX_PAUSE_MILLIS = 500;

  private final ClusterConnectionProvider provider;
  private final long budgetNanos;

  ClusterWriteExecutor(ClusterConnectionProvider provider, Duration budget) {
    this.provider = provider;
    this.budgetNanos = budget.toNanos();
  }

  @Override
  public <T> T executeCommand(CommandObject<T> command) {
    long deadline = System.nanoTime() + budgetNanos;
    HostAndPort target = null;
    boolean asking = false;
    int redirects = 0;
    long pause = FIRST_PAUSE_MILLIS;
    while (true) {
      Connection connection;
      try {
        connection =
            target == null
                ? provider.getConnection(command.getArguments())
                : provider.getConnection(target);
      } catch (JedisConnectionException e) {
        // Nothing was sent: the slot's master is gone or unreachable. Wait for the cluster to
        // promote its replica, reading the slot map again.
        if (System.nanoTime() - deadline > 0) {
          throw e;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(pause));
        pause = Math.min(MAX_PAUSE_MILLIS, 2 * pause);
        renew();
        target = null;
        asking = false;
        continue;
      }
      try {
        if (asking) {
          connection.executeCommand(Protocol.Command.ASKING);
        }
        return connection.executeCommand(command);
      } catch (JedisMovedDataException e) {
        if (++redirects > MAX_REDIRECTS) {
          throw e;
        }
        provider.renewSlotCache(connection);
        target = e.getTargetNode();
        asking = false;
      } catch (JedisAskDataException e) {
        if (++redirects > MAX_REDIRECTS) {
          throw e;
        }
        target = e.getTargetNode();
        asking = true;
      } catch (JedisConnectionException e) {
        // Sent, and maybe run: not sent again. The next call finds the slot's current master.
        renew();
        throw e;
      } finally {
        connection.close();
      }
    }
  }

  private void renew() {
    try {
      provider.renewSlotCache();
    } catch (RuntimeException e) {
      // No node answered: the next attempt tries again.
    }
  }

  /** The provider is shared with the reading client, which closes it. */
  @Override
  public void close() {}
}
