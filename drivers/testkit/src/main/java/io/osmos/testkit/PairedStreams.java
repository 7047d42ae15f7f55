package io.osmos.testkit;

import io.osmos.schema.ModelSchema;
import io.osmos.spi.DeadLetterPolicy;
import io.osmos.spi.Driver;
import io.osmos.spi.DriverLimits;
import io.osmos.spi.LookupService;
import io.osmos.spi.LookupTable;
import io.osmos.spi.Message;
import io.osmos.spi.MessageQueue;
import io.osmos.spi.Subscription;
import java.util.List;

/**
 * A message queue and a lookup service as one driver, so that a stream repository (which needs
 * both) can bind when the driver under test offers only one of them; the other half is the
 * in-memory driver's and is not what the suite tests. Kind and limits are the tested driver's.
 */
final class PairedStreams implements MessageQueue, LookupService {
  private final MessageQueue queue;
  private final LookupService lookup;
  private final Driver tested;

  PairedStreams(MessageQueue queue, LookupService lookup, Driver tested) {
    this.queue = queue;
    this.lookup = lookup;
    this.tested = tested;
  }

  @Override
  public String kind() {
    return tested.kind();
  }

  @Override
  public DriverLimits limits() {
    return tested.limits();
  }

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

  @Override
  public <T, K> LookupTable<T, K> lookupTable(ModelSchema<T, K> model) {
    return lookup.lookupTable(model);
  }

  @Override
  public void close() {
    try {
      queue.close();
    } finally {
      lookup.close();
    }
  }
}
