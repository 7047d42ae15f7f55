package io.osmos.pubsub;

import com.google.api.core.ApiService;
import com.google.api.gax.batching.FlowControlSettings;
import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.FixedExecutorProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.AckReplyConsumer;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.PubsubMessage;
import io.osmos.exceptions.DriverException;
import io.osmos.spi.DeadLetterPolicy;
import io.osmos.spi.Message;
import io.osmos.spi.MessageQueue.MessageHandler;
import io.osmos.spi.ReceivedMessage;
import io.osmos.spi.Subscription;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One running subscriber of a {@link PubSubDriver}: Google's streaming-pull {@link Subscriber} with
 * handler threads of its own. A message is acked after the handler returns and nacked when it
 * throws, until its {@link DeadLetterPolicy} gives it up: a durable subscription then publishes it
 * to the dead-letter topic and acks it, an ephemeral one acks (drops) it. The delivery attempt is
 * Pub/Sub's where it counts them (subscriptions with a dead-letter policy), else this subscriber's
 * own count. Closing stops the pull, nacks what arrives meanwhile, waits for running handlers and
 * then releases the threads.
 */
final class PubSubSubscription implements Subscription {
  private static final System.Logger LOG = System.getLogger(PubSubDriver.class.getName());
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  // A handler may legitimately run long (the client extends the ack deadline meanwhile); close
  // waits this long for it before giving up with a warning.
  private static final Duration HANDLER_TIMEOUT = Duration.ofMinutes(10);
  // Attempts counted here (Pub/Sub does not count them) of messages not yet acked or given up;
  // forgotten wholesale past this size (those messages are then counted from 1 again).
  private static final int MAX_COUNTED = 10_000;

  /**
   * What a subscription gives messages up to.
   *
   * @param topic the Osmos topic
   * @param name the subscription's name as given to subscribe
   * @param ephemeral whether it is ephemeral (no dead letter)
   * @param policy when to give a message up
   * @param deadLetterTopic the Osmos topic of dead letters
   * @param publishDeadLetter publishes one message there, returning once Pub/Sub has it
   */
  record Target(
      String topic,
      String name,
      boolean ephemeral,
      DeadLetterPolicy policy,
      String deadLetterTopic,
      Consumer<Message> publishDeadLetter) {}

  private final ProjectSubscriptionName name;
  private final Target target;
  private final Map<String, Integer> counted = new ConcurrentHashMap<>();
  private final MessageHandler handler;
  private final ScheduledExecutorService handlerExecutor;
  private final Subscriber subscriber;
  private final Runnable onClose;
  // Set on handler threads, so that a handler may close its own subscription.
  private static final ThreadLocal<PubSubSubscription> HANDLING = new ThreadLocal<>();

  private final AtomicBoolean closeStarted = new AtomicBoolean();
  private final Object lock = new Object();
  private int running;
  private volatile boolean closing;

  PubSubSubscription(
      ProjectSubscriptionName name,
      Target target,
      MessageHandler handler,
      PubSubDriver.Settings settings,
      TransportChannelProvider channelProvider,
      CredentialsProvider credentials,
      ScheduledExecutorService systemExecutor,
      Runnable onClose) {
    this.name = name;
    this.target = target;
    this.handler = handler;
    this.onClose = onClose;
    this.handlerExecutor =
        PubSubDriver.executor("osmos-pubsub-" + name.getSubscription(), settings.handlerThreads());
    Subscriber.Builder b =
        Subscriber.newBuilder(name, this::receive)
            .setExecutorProvider(FixedExecutorProvider.create(handlerExecutor, false))
            .setSystemExecutorProvider(FixedExecutorProvider.create(systemExecutor, false))
            .setParallelPullCount(1)
            // Pub/Sub sends at most this many unacknowledged messages to this subscriber; the rest
            // stay available to competing consumers.
            .setFlowControlSettings(
                FlowControlSettings.newBuilder()
                    .setMaxOutstandingElementCount(settings.maxOutstandingMessages())
                    .build());
    if (channelProvider != null) {
      b.setChannelProvider(channelProvider);
    }
    if (credentials != null) {
      b.setCredentialsProvider(credentials);
    }
    this.subscriber = b.build();
    subscriber.addListener(
        new ApiService.Listener() {
          @Override
          public void failed(ApiService.State from, Throwable failure) {
            if (!closing) {
              LOG.log(
                  System.Logger.Level.ERROR,
                  "Pub/Sub subscriber of " + name.getSubscription() + " stopped: " + failure,
                  failure);
            }
          }
        },
        MoreExecutors.directExecutor());
  }

  /** Starts pulling; throws when the subscriber cannot start. */
  void start() {
    try {
      subscriber.startAsync().awaitRunning(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (IllegalStateException e) {
      Throwable cause = subscriber.failureCause() != null ? subscriber.failureCause() : e;
      throw new DriverException(
          "cannot start the Pub/Sub subscriber of "
              + name.getSubscription()
              + ": "
              + cause.getMessage(),
          cause);
    } catch (TimeoutException e) {
      throw new DriverException(
          "the Pub/Sub subscriber of "
              + name.getSubscription()
              + " did not start within "
              + STOP_TIMEOUT.toSeconds()
              + " s",
          e);
    }
  }

  private void receive(PubsubMessage message, AckReplyConsumer reply) {
    synchronized (lock) {
      if (closing) {
        // Arrived while closing: give it back at once for another consumer.
        reply.nack();
        return;
      }
      running++;
    }
    boolean ack;
    HANDLING.set(this);
    try {
      ack = process(message);
    } catch (VirtualMachineError fatal) {
      HANDLING.remove();
      reply.nack();
      finished();
      throw fatal;
    }
    HANDLING.remove();
    if (ack) {
      reply.ack();
    } else {
      reply.nack();
    }
    finished();
  }

  /** Hands the message to the handler, or gives it up; true when it is to be acked. */
  private boolean process(PubsubMessage message) {
    String id = message.getMessageId();
    Integer byPubSub = Subscriber.getDeliveryAttempt(message);
    int attempt;
    if (byPubSub != null) {
      attempt = byPubSub;
    } else {
      if (counted.size() >= MAX_COUNTED) {
        counted.clear();
      }
      attempt = counted.merge(id, 1, Integer::sum);
    }
    ReceivedMessage m =
        new ReceivedMessage(id, message.getData().toByteArray(), published(message), attempt);
    if (!target.ephemeral() && attempt > target.policy().maxDeliveryAttempts()) {
      // Delivered that often without an acknowledgement: its consumers died handling it.
      return giveUp(m, null);
    }
    Throwable failure;
    try {
      handler.handle(m);
      counted.remove(id);
      return true;
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable t) {
      if (t instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      failure = t;
    }
    LOG.log(
        System.Logger.Level.WARNING,
        "handler of Pub/Sub subscription "
            + name.getSubscription()
            + " failed on message "
            + id
            + " (delivery attempt "
            + attempt
            + "): "
            + DeadLetterPolicy.describe(failure));
    LOG.log(System.Logger.Level.DEBUG, "the handler's error", failure);
    return target.policy().exhausted(attempt, failure) ? giveUp(m, failure) : false;
  }

  /**
   * Gives a message up: to the dead-letter topic (durable), or dropped (ephemeral). True when it is
   * to be acked; false when the dead letter could not be published, so that it comes back.
   */
  private boolean giveUp(ReceivedMessage m, Throwable failure) {
    String error = failure == null ? "not acknowledged" : DeadLetterPolicy.describe(failure);
    if (target.ephemeral()) {
      counted.remove(m.id());
      LOG.log(
          System.Logger.Level.WARNING,
          "ephemeral Pub/Sub subscription "
              + name.getSubscription()
              + " drops message "
              + m.id()
              + " at delivery attempt "
              + m.deliveryAttempt()
              + ": "
              + error);
      return true;
    }
    Message dead =
        DeadLetterPolicy.deadLetter(m, target.topic(), target.name(), m.deliveryAttempt(), failure);
    try {
      target.publishDeadLetter().accept(dead);
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "Pub/Sub subscription "
              + name.getSubscription()
              + " cannot publish message "
              + m.id()
              + " to dead-letter topic "
              + target.deadLetterTopic()
              + " (it will be delivered again): "
              + e.getMessage());
      return false;
    }
    counted.remove(m.id());
    LOG.log(
        System.Logger.Level.WARNING,
        "Pub/Sub subscription "
            + name.getSubscription()
            + " moved message "
            + m.id()
            + " to dead-letter topic "
            + target.deadLetterTopic()
            + " at delivery attempt "
            + m.deliveryAttempt()
            + ": "
            + error);
    try {
      handler.deadLettered(m, target.deadLetterTopic(), failure);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "deadLettered of " + this + " failed", e);
    }
    return true;
  }

  /**
   * The attributes as published: without the client's own ({@code googclient_deliveryattempt}:
   * publishers cannot use the {@code goog} prefix, so every such key is Pub/Sub's) and without the
   * mark of an empty message.
   */
  private static Map<String, String> published(PubsubMessage message) {
    Map<String, String> all = message.getAttributesMap();
    boolean clean = true;
    for (String k : all.keySet()) {
      if (k.startsWith("goog")) {
        clean = false;
        break;
      }
    }
    Map<String, String> out = all;
    if (!clean) {
      out = new HashMap<>(all);
      out.keySet().removeIf(k -> k.startsWith("goog"));
    }
    if (message.getData().isEmpty()
        && out.size() == 1
        && out.containsKey(PubSubDriver.EMPTY_MARK)) {
      return Map.of();
    }
    return out;
  }

  private void finished() {
    synchronized (lock) {
      running--;
      lock.notifyAll();
    }
  }

  @Override
  public void close() {
    if (!closeStarted.compareAndSet(false, true)) {
      return;
    }
    synchronized (lock) {
      closing = true;
    }
    subscriber.stopAsync();
    if (HANDLING.get() == this) {
      // Called by one of our handlers: waiting here for it would wait forever.
      Thread t = new Thread(this::finishClose, "osmos-pubsub-close-" + name.getSubscription());
      t.setDaemon(true);
      t.start();
      return;
    }
    finishClose();
  }

  private void finishClose() {
    try {
      awaitHandlers();
      try {
        subscriber.awaitTerminated(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        LOG.log(
            System.Logger.Level.WARNING,
            "Pub/Sub subscriber of "
                + name.getSubscription()
                + " did not stop within "
                + STOP_TIMEOUT.toSeconds()
                + " s");
      } catch (IllegalStateException e) {
        // it had failed before: nothing left to stop
      }
      handlerExecutor.shutdown();
      if (!handlerExecutor.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        handlerExecutor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      handlerExecutor.shutdownNow();
    } finally {
      onClose.run();
    }
  }

  private void awaitHandlers() throws InterruptedException {
    long deadline = System.nanoTime() + HANDLER_TIMEOUT.toNanos();
    synchronized (lock) {
      while (running > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          LOG.log(
              System.Logger.Level.WARNING,
              running
                  + " handlers of Pub/Sub subscription "
                  + name.getSubscription()
                  + " still run after "
                  + HANDLER_TIMEOUT.toMinutes()
                  + " min; closing without them");
          return;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
    }
  }

  @Override
  public String toString() {
    return "PubSubSubscription(" + name.getSubscription() + ")";
  }
}
