package io.osmos.memory;

import io.osmos.exceptions.LimitExceededException;
import io.osmos.spi.DeadLetterPolicy;
import io.osmos.spi.Message;
import io.osmos.spi.MessageQueue.Delivery;
import io.osmos.spi.MessageQueue.MessageHandler;
import io.osmos.spi.ReceivedMessage;
import io.osmos.spi.Subscription;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The message queue of a {@link MemoryDriver}. A topic fans each message out to its subscriptions;
 * a durable subscription is one queue shared by every consumer with its name (competing consumers)
 * and keeps messages while no consumer is attached; an ephemeral subscription is a queue of its own
 * that exists from subscribe to close. Each consumer runs on its own daemon thread; a message whose
 * handler throws goes back to its queue after a back-off, until its {@link DeadLetterPolicy} gives
 * it up: a durable subscription then publishes it to the dead-letter topic (whose durable
 * subscription {@value DeadLetterPolicy#SUBSCRIPTION} exists from the first subscribe on), an
 * ephemeral one drops it with a warning.
 */
final class MemoryQueue {
  private static final System.Logger LOG = System.getLogger(MemoryQueue.class.getName());
  private static final long FIRST_BACKOFF_MILLIS = 10;
  private static final long MAX_BACKOFF_MILLIS = 1000;

  private final int maxMessageBytes;
  private final String driverId;
  private final Map<String, Topic> topics = new ConcurrentHashMap<>();
  private final Set<Consumer> consumers = ConcurrentHashMap.newKeySet();
  private final AtomicLong ids = new AtomicLong();
  private final ExecutorService workers;
  private final ScheduledExecutorService timer;
  private volatile boolean closed;

  MemoryQueue(int maxMessageBytes, String driverId) {
    this.maxMessageBytes = maxMessageBytes;
    this.driverId = driverId;
    this.workers = Executors.newCachedThreadPool(daemon("osmos-memory-" + driverId + "-consumer"));
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            daemon("osmos-memory-" + driverId + "-redelivery"));
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  void publish(String topic, List<Message> messages) {
    checkOpen();
    append(topic, messages);
  }

  private void append(String topic, List<Message> messages) {
    Objects.requireNonNull(topic, "topic");
    List<Pending> batch = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      Message m = Objects.requireNonNull(messages.get(i), "messages[" + i + "]");
      if (m.data().length > maxMessageBytes) {
        throw new LimitExceededException(
            "message "
                + i
                + " is "
                + m.data().length
                + " bytes; the queue's limit (maxMessageBytes) is "
                + maxMessageBytes);
      }
    }
    for (Message m : messages) {
      // A copy: the caller may reuse its array after publish returns.
      batch.add(
          new Pending(topic + "-" + ids.incrementAndGet(), m.data().clone(), m.attributes(), 1));
    }
    topic(topic).publish(batch);
  }

  Subscription subscribe(
      String topic,
      String name,
      Delivery delivery,
      DeadLetterPolicy deadLetter,
      MessageHandler handler) {
    checkOpen();
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(delivery, "delivery");
    Objects.requireNonNull(deadLetter, "deadLetter");
    Objects.requireNonNull(handler, "handler");
    Topic t = topic(topic);
    SubscriptionQueue q;
    if (delivery == Delivery.AT_LEAST_ONCE) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("a durable subscription needs a name");
      }
      q = t.durable(name);
      // Dead letters published before anyone reads them wait in this subscription.
      topic(deadLetter.topicFor(topic)).durable(DeadLetterPolicy.SUBSCRIPTION);
    } else {
      q = t.ephemeral(name);
    }
    Consumer c = new Consumer(t, q, name, delivery == Delivery.EPHEMERAL, deadLetter, handler);
    consumers.add(c);
    try {
      workers.execute(c);
    } catch (RejectedExecutionException e) {
      consumers.remove(c);
      throw new IllegalStateException("the memory driver is closed", e);
    }
    return c;
  }

  /** Stops every consumer (waiting for running handlers) and the driver's threads. */
  void close() {
    closed = true;
    for (Consumer c : List.copyOf(consumers)) {
      c.close();
    }
    timer.shutdownNow();
    workers.shutdownNow();
    try {
      workers.awaitTermination(10, TimeUnit.SECONDS);
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the memory driver " + driverId + " is closed");
    }
  }

  private Topic topic(String name) {
    return topics.computeIfAbsent(name, Topic::new);
  }

  /** A message waiting in a subscription queue, with the attempt its next delivery will be. */
  private record Pending(String id, byte[] data, Map<String, String> attributes, int attempt) {
    Pending retry() {
      return new Pending(id, data, attributes, attempt + 1);
    }
  }

  /** A topic: its durable subscriptions by name and its ephemeral ones. */
  private static final class Topic {
    private final String name;
    private final Map<String, SubscriptionQueue> durable = new HashMap<>();
    private final List<SubscriptionQueue> ephemeral = new ArrayList<>();

    Topic(String name) {
      this.name = name;
    }

    synchronized SubscriptionQueue durable(String subscription) {
      return durable.computeIfAbsent(subscription, s -> new SubscriptionQueue(name + "/" + s));
    }

    synchronized SubscriptionQueue ephemeral(String subscription) {
      SubscriptionQueue q = new SubscriptionQueue(name + "/" + subscription + " (ephemeral)");
      ephemeral.add(q);
      return q;
    }

    synchronized void removeEphemeral(SubscriptionQueue q) {
      ephemeral.remove(q);
    }

    // Under the topic's lock, so a subscription created concurrently sees a message either in
    // full (it existed) or not at all.
    synchronized void publish(List<Pending> batch) {
      for (SubscriptionQueue q : durable.values()) {
        q.offerAll(batch);
      }
      for (SubscriptionQueue q : ephemeral) {
        q.offerAll(batch);
      }
    }
  }

  /** The messages of one subscription, taken by its consumers. */
  private static final class SubscriptionQueue {
    private final String name;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Pending> ready = new ArrayDeque<>();

    SubscriptionQueue(String name) {
      this.name = name;
    }

    void offerAll(List<Pending> batch) {
      lock.lock();
      try {
        ready.addAll(batch);
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    void offer(Pending p, boolean first) {
      lock.lock();
      try {
        if (first) {
          ready.addFirst(p);
        } else {
          ready.addLast(p);
        }
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    /** The next message for {@code c}, or null once {@code c} is closed. */
    Pending take(Consumer c) throws InterruptedException {
      lock.lock();
      try {
        while (ready.isEmpty() && !c.closing) {
          changed.await();
        }
        return c.closing ? null : ready.pollFirst();
      } finally {
        lock.unlock();
      }
    }

    void wake() {
      lock.lock();
      try {
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** One subscriber: a loop on a worker thread that takes, handles and acknowledges messages. */
  private final class Consumer implements Subscription, Runnable {
    private final Topic topic;
    private final SubscriptionQueue queue;
    private final String name;
    private final boolean ephemeral;
    private final DeadLetterPolicy deadLetter;
    private final MessageHandler handler;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closing;
    private volatile Thread thread;

    Consumer(
        Topic topic,
        SubscriptionQueue queue,
        String name,
        boolean ephemeral,
        DeadLetterPolicy deadLetter,
        MessageHandler handler) {
      this.topic = topic;
      this.queue = queue;
      this.name = name;
      this.ephemeral = ephemeral;
      this.deadLetter = deadLetter;
      this.handler = handler;
    }

    @Override
    public void run() {
      thread = Thread.currentThread();
      try {
        while (true) {
          Pending p = queue.take(this);
          if (p == null) {
            return;
          }
          ReceivedMessage m =
              new ReceivedMessage(p.id(), p.data().clone(), p.attributes(), p.attempt());
          Throwable failure = null;
          try {
            handler.handle(m);
          } catch (Throwable t) {
            if (t instanceof VirtualMachineError fatal) {
              throw fatal;
            }
            // Any other failure (assertion errors of test handlers included) means "not
            // processed": the message is delivered again.
            if (t instanceof InterruptedException) {
              Thread.currentThread().interrupt();
            }
            failure = t;
          }
          if (failure != null) {
            if (deadLetter.exhausted(p.attempt(), failure)) {
              giveUp(m, failure);
            } else {
              redeliver(p.retry());
            }
          }
          if (Thread.currentThread().isInterrupted()) {
            return;
          }
        }
      } catch (InterruptedException e) {
        // the driver is shutting down
      } finally {
        stopped.countDown();
      }
    }

    /** The last attempt failed: to the dead letter (durable) or dropped (ephemeral). */
    private void giveUp(ReceivedMessage m, Throwable failure) {
      String error = DeadLetterPolicy.describe(failure);
      if (ephemeral) {
        LOG.log(
            System.Logger.Level.WARNING,
            "memory queue: ephemeral subscription "
                + queue
                + " drops message "
                + m.id()
                + " at delivery attempt "
                + m.deliveryAttempt()
                + ": "
                + error);
        return;
      }
      String to = deadLetter.topicFor(topic.name);
      append(
          to,
          List.of(DeadLetterPolicy.deadLetter(m, topic.name, name, m.deliveryAttempt(), failure)));
      LOG.log(
          System.Logger.Level.WARNING,
          "memory queue: subscription "
              + queue
              + " moved"
              + " message "
              + m.id()
              + " to dead-letter topic "
              + to
              + " at delivery attempt "
              + m.deliveryAttempt()
              + ": "
              + error);
      try {
        handler.deadLettered(m, to, failure);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "deadLettered of " + queue + " failed", e);
      }
    }

    private void redeliver(Pending p) {
      long delay =
          Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(20, p.attempt() - 2));
      try {
        timer.schedule(() -> queue.offer(p, false), delay, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        // The driver is closing: keep the message for a later consumer of a durable subscription.
        queue.offer(p, true);
      }
    }

    @Override
    public void close() {
      closing = true;
      queue.wake();
      if (Thread.currentThread() != thread) {
        try {
          // Waits for a running handler; a consumer that never started stops at once.
          while (!stopped.await(100, TimeUnit.MILLISECONDS)) {
            if (thread == null && (workers.isShutdown())) {
              break;
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      topic.removeEphemeral(queue);
      consumers.remove(this);
    }
  }
}
