package io.osmos.benchmarks.store;

import io.osmos.benchmarks.codec.HandWrittenOrderCodec;
import io.osmos.benchmarks.model.Order;
import io.osmos.spi.TupleKey;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ZRangeParams;

/**
 * The raw-client baseline for Redis: Jedis issuing exactly the commands Osmos's Redis driver issues
 * for the same operations, on the same key layout, with the same Lua script for writes (so the
 * index upkeep is the same work), and a hand-written codec for the hash fields. What it leaves out
 * is what the repository and driver add: validation, hooks, limit checks, error context, and
 * re-checking query conditions on the documents read.
 *
 * <ul>
 *   <li>get: {@code HGETALL osmos:{orders}:doc:<key>};
 *   <li>save / saveAll: {@code EVALSHA} of the driver's save script, all documents in one call;
 *   <li>findByCustomerId: {@code ZRANGE idx BYLEX [v (v' LIMIT 0 1000}, then the documents' {@code
 *       HGETALL}s in one pipeline.
 * </ul>
 */
public final class RawRedisOrders {
  private static final String BASE = "osmos:{orders}:";
  private static final byte[] KEYS = utf8(BASE + "keys");
  private static final byte[] INDEX = utf8(BASE + "idx:customerId");
  private static final byte[] INDEX_NAME = utf8("customerId");
  private static final byte[] SAVE = utf8("save");
  private static final byte[] EMPTY = new byte[0];
  private static final byte[] ONE = utf8("1");
  private static final byte[] FIELD_COUNT = utf8("9");
  private static final byte[][] NAMES = {
    utf8("id"),
    utf8("customerId"),
    utf8("status"),
    utf8("shipTo"),
    utf8("lines"),
    utf8("tags"),
    utf8("total"),
    utf8("placedAt"),
    utf8("revision")
  };
  private static final int PAGE = 1000;

  private final RedisClient redis;
  private final byte[] saveSha;

  public RawRedisOrders(RedisClient redis) {
    this.redis = redis;
    this.saveSha = utf8(redis.scriptLoad(RedisSaveScript.TEXT));
  }

  public Order get(String id) {
    Map<String, String> hash = redis.hgetAll(BASE + "doc:" + id);
    return hash.isEmpty() ? null : decode(hash);
  }

  public void save(Order order) {
    saveAll(List.of(order));
  }

  /** Saves the orders atomically, with their index entries, in one script call. */
  public void saveAll(List<Order> orders) {
    List<byte[]> keys = new ArrayList<>(2 + 2 * orders.size());
    keys.add(KEYS);
    keys.add(INDEX);
    List<byte[]> args = new ArrayList<>(4 + orders.size() * 22);
    args.add(SAVE);
    args.add(EMPTY); // no version field
    args.add(ONE); // one index
    args.add(INDEX_NAME);
    for (Order o : orders) {
      keys.add(utf8(BASE + "doc:" + o.id()));
      keys.add(utf8(BASE + "entries:" + o.id()));
      args.add(TupleKey.encode(o.id()));
      args.add(EMPTY); // no expected version
      args.add(FIELD_COUNT);
      args.add(NAMES[0]);
      args.add(utf8(o.id()));
      args.add(NAMES[1]);
      args.add(utf8(o.customerId()));
      args.add(NAMES[2]);
      args.add(utf8(o.status().name()));
      args.add(NAMES[3]);
      args.add(utf8(HandWrittenOrderCodec.addressJson(o.shipTo())));
      args.add(NAMES[4]);
      args.add(utf8(HandWrittenOrderCodec.linesJson(o.lines())));
      args.add(NAMES[5]);
      args.add(utf8(HandWrittenOrderCodec.tagsJson(o.tags())));
      args.add(NAMES[6]);
      args.add(utf8(o.total().toPlainString()));
      args.add(NAMES[7]);
      args.add(utf8(HandWrittenOrderCodec.instantText(o.placedAt())));
      args.add(NAMES[8]);
      args.add(utf8(Long.toString(o.revision())));
      args.add(TupleKey.encode(o.customerId(), o.id()));
    }
    List<?> reply = (List<?>) redis.evalsha(saveSha, keys, args);
    if (!"ok".equals(new String((byte[]) reply.get(0), StandardCharsets.UTF_8))) {
      throw new IllegalStateException("save script answered " + reply);
    }
  }

  /** Every order of the customer, in index order (at most one page of 1000). */
  public List<Order> findByCustomerId(String customerId) {
    byte[] prefix = TupleKey.encode(customerId);
    List<byte[]> members =
        redis.zrange(
            INDEX,
            ZRangeParams.zrangeByLexParams(
                    bound('[', prefix), bound('(', TupleKey.afterElements(prefix)))
                .limit(0, PAGE));
    List<Order> out = new ArrayList<>(members.size());
    if (members.isEmpty()) {
      return out;
    }
    List<Response<Map<String, String>>> replies = new ArrayList<>(members.size());
    try (AbstractPipeline p = redis.pipelined()) {
      for (byte[] m : members) {
        replies.add(p.hgetAll(BASE + "doc:" + TupleKey.decode(m)[1]));
      }
      p.sync();
    }
    for (Response<Map<String, String>> r : replies) {
      Map<String, String> hash = r.get();
      if (!hash.isEmpty()) {
        out.add(decode(hash));
      }
    }
    return out;
  }

  private static Order decode(Map<String, String> h) {
    return new Order(
        h.get("id"),
        h.get("customerId"),
        HandWrittenOrderCodec.status(h.get("status")),
        HandWrittenOrderCodec.address(h.get("shipTo")),
        HandWrittenOrderCodec.lines(h.get("lines")),
        HandWrittenOrderCodec.tags(h.get("tags")),
        new BigDecimal(h.get("total")),
        HandWrittenOrderCodec.instant(h.get("placedAt")),
        Long.parseLong(h.get("revision")));
  }

  private static byte[] bound(char kind, byte[] member) {
    byte[] b = new byte[member.length + 1];
    b[0] = (byte) kind;
    System.arraycopy(member, 0, b, 1, member.length);
    return b;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
