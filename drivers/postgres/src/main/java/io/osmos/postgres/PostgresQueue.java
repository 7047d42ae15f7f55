package io.osmos.postgres;

import io.osmos.spi.Message;
import io.osmos.spi.MessageQueue;
import io.osmos.spi.Subscription;
import java.time.Duration;
import java.util.List;

final class PostgresQueue {
  PostgresQueue(Database db, int maxMessageBytes, Duration ackDeadline) {}

  List<String> ddl() {
    return List.of();
  }

  void start() {}

  void publish(String topic, List<Message> messages) {
    throw new UnsupportedOperationException();
  }

  Subscription subscribe(String topic, String name, MessageQueue.Delivery delivery,
      MessageQueue.MessageHandler handler) {
    throw new UnsupportedOperationException();
  }

  void close() {}
}
