package io.osmos;

import io.osmos.schema.ModelSchema;
import io.osmos.spi.DeadLetterPolicy;
import io.osmos.spi.Driver;
import io.osmos.spi.DriverLimits;
import io.osmos.spi.LookupService;
import io.osmos.spi.LookupTable;
import io.osmos.spi.Message;
import io.osmos.spi.MessageQueue;
import io.osmos.spi.Subscription;
import io.osmos.spi.WarehouseService;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The driver {@link Streams#of} builds: a message queue and a lookup service (and, in {@link
 * WithWarehouse}, a warehouse) by delegation, plus the list of stream models bound through it.
 */
class StreamsDriver implements MessageQueue, LookupService {
  final MessageQueue queue;
  final LookupService lookup;
  private final Map<String, ModelSchema<?, ?>> models = new LinkedHashMap<>();
  private final List<Consumer<ModelSchema<?, ?>>> bindListeners = new CopyOnWriteArrayList<>();

  StreamsDriver(MessageQueue queue, LookupService lookup) {
    this.queue = queue;
    this.lookup = lookup;
  }

  /** The warehouse, or null. */
  WarehouseService warehouse() {
    return null;
  }

  @Override
  public String kind() {
    return "streams("
        + queue.kind()
        + "+"
        + lookup.kind()
        + (warehouse() == null ? "" : "+" + warehouse().kind())
        + ")";
  }

  /** The smallest of the services' limits, field by field. */
  @Override
  public DriverLimits limits() {
    DriverLimits l = min(queue.limits(), lookup.limits());
    return warehouse() == null ? l : min(l, warehouse().limits());
  }

  private static DriverLimits min(DriverLimits a, DriverLimits b) {
    return new DriverLimits(
        Math.min(a.maxKeyBytes(), b.maxKeyBytes()),
        Math.min(a.maxRecordBytes(), b.maxRecordBytes()),
        Math.min(a.maxBatch(), b.maxBatch()),
        Math.min(a.maxMessageBytes(), b.maxMessageBytes()),
        Math.min(a.maxReadLimit(), b.maxReadLimit()),
        Math.min(a.maxPartitions(), b.maxPartitions()));
  }

  // ---- message queue ---------------------------------------------------------------------------

  @Override
  public void publish(String topic, List<Message> messages) {
    queue.publish(topic, messages);
  }

  @Override
  public Subscription subscribe(
      String topic,
      String name,
      Delivery delivery,
      DeadLetterPolicy deadLetter,
      MessageHandler handler) {
    return queue.subscribe(topic, name, delivery, deadLetter, handler);
  }

  @Override
  public DeadLetterPolicy deadLetterPolicy() {
    return queue.deadLetterPolicy();
  }

  // ---- lookup ----------------------------------------------------------------------------------

  /** Binds the model in the lookup service and remembers it for pipelines. */
  @Override
  public <T, K> LookupTable<T, K> lookupTable(ModelSchema<T, K> model) {
    LookupTable<T, K> table = lookup.lookupTable(model);
    remember(model);
    return table;
  }

  private void remember(ModelSchema<?, ?> model) {
    boolean added;
    synchronized (models) {
      added = models.putIfAbsent(model.bucket(), model) == null;
    }
    if (added) {
      for (Consumer<ModelSchema<?, ?>> l : bindListeners) {
        l.accept(model);
      }
    }
  }

  /** The stream models bound so far, in binding order. */
  List<ModelSchema<?, ?>> models() {
    synchronized (models) {
      return new ArrayList<>(models.values());
    }
  }

  /**
   * Calls {@code listener} with each model bound from now on; returns what removes it. A model
   * bound while this runs may be reported both here and by {@link #models()}.
   */
  Runnable onBind(Consumer<ModelSchema<?, ?>> listener) {
    bindListeners.add(listener);
    return () -> bindListeners.remove(listener);
  }

  /** Closes each service once, even when one object serves several capabilities. */
  @Override
  public void close() {
    Set<Driver> closed = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    RuntimeException first = null;
    List<Driver> services = new ArrayList<>(List.of(queue, lookup));
    if (warehouse() != null) {
      services.add(warehouse());
    }
    for (Driver d : services) {
      if (!closed.add(d)) {
        continue;
      }
      try {
        d.close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Override
  public String toString() {
    return "Streams" + kind().substring("streams".length());
  }

  /** With a warehouse: queries and warehouse tables go to it. */
  static final class WithWarehouse extends StreamsDriver implements WarehouseService {
    private final WarehouseService warehouse;

    WithWarehouse(MessageQueue queue, LookupService lookup, WarehouseService warehouse) {
      super(queue, lookup);
      this.warehouse = warehouse;
    }

    @Override
    WarehouseService warehouse() {
      return warehouse;
    }

    @Override
    public <T, K> WarehouseTable<T> warehouseTable(ModelSchema<T, K> model) {
      return warehouse.warehouseTable(model);
    }

    @Override
    public WarehouseJob analyze(String sql) {
      return warehouse.analyze(sql);
    }

    @Override
    public WarehouseJob run(String sql, long maxBytesScanned) {
      return warehouse.run(sql, maxBytesScanned);
    }

    @Override
    public WarehouseJob poll(String jobId) {
      return warehouse.poll(jobId);
    }

    @Override
    public ResultRead read(byte[] cursor, int limit) {
      return warehouse.read(cursor, limit);
    }
  }
}
