package io.osmos.pubsub;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutures;
import com.google.api.gax.batching.BatchingSettings;
import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.FixedExecutorProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.NotFoundException;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.protobuf.ByteString;
import com.google.protobuf.FieldMask;
import com.google.protobuf.util.Timestamps;
import com.google.pubsub.v1.ExpirationPolicy;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.RetryPolicy;
import com.google.pubsub.v1.SeekRequest;
import com.google.pubsub.v1.TopicName;
import com.google.pubsub.v1.UpdateSubscriptionRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.osmos.exceptions.DriverException;
import io.osmos.exceptions.LimitExceededException;
import io.osmos.spi.DeadLetterPolicy;
import io.osmos.spi.DriverLimits;
import io.osmos.spi.Message;
import io.osmos.spi.MessageQueue;
import io.osmos.spi.Subscription;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Google Cloud Pub/Sub as a {@link MessageQueue}, in the manner of Beneath's Pub/Sub driver.
 *
 * <pre>{@code
 * PubSubDriver pubsub = PubSubDriver.builder("my-project").build();       // Google credentials
 * PubSubDriver local = PubSubDriver.builder("test").emulatorHost("127.0.0.1:8085").build();
 * Osmos osmos = Osmos.builder().driver("events", Streams.of(pubsub, lookup, warehouse)).build();
 * }</pre>
 *
 * Or by URL: {@code pubsub://my-project}, {@code pubsub://test?emulator=127.0.0.1:8085}.
 *
 * <p>Layout, all names in the driver's project:
 *
 * <ul>
 *   <li>one topic per Osmos topic (a stream model's bucket): {@code <topicPrefix>-<topic>}, created
 *       on first use ({@code ALREADY_EXISTS} is fine: another process created it);
 *   <li>an {@link Delivery#AT_LEAST_ONCE} subscription {@code name} is the durable Pub/Sub
 *       subscription {@code <subscriptionPrefix>-<topic>.<name>}, created on first subscribe and
 *       never deleted by the driver, shared by every process subscribing with that name (competing
 *       consumers), with an ack deadline of 20 s (extended by the client while a handler runs), no
 *       expiry, and a dead-letter policy (see below);
 *   <li>the dead-letter topic of a topic is {@code <topicPrefix>-<topic>.dead-letter} (or the topic
 *       the {@link DeadLetterPolicy} names), with the durable subscription {@code
 *       <subscriptionPrefix>-<topic>.dead-letter.dead-letter} from which dead letters are read;
 *       both are created with the first durable subscription of the topic;
 *   <li>an {@link Delivery#EPHEMERAL} subscription is {@code
 *       <subscriptionPrefix>-<topic>.<name>.<subscriberId>-<n>}: created when subscribing (a new
 *       Pub/Sub subscription receives only messages published after its creation, so there is no
 *       backlog; one left over from an earlier run is sought to the present), with the minimum
 *       retention (10 minutes) and an expiry after 24 hours without a subscriber, as a safety net
 *       for a process that dies; deleted on close.
 * </ul>
 *
 * <p>Messages carry the data and the attributes given ({@code key} and {@code timestamp} for
 * records of stream repositories). Pub/Sub refuses a message with neither: such a message travels
 * with the attribute {@code osmos-empty=true}, which subscribers of this driver do not see.
 *
 * <p>A message is acknowledged after its handler returns; a handler that throws makes the driver
 * nack it, so Pub/Sub delivers it again (after the subscription's retry back-off, 1 s growing to 60
 * s by default), and so does a process that dies while handling it (after the ack deadline).
 *
 * <p>Dead letters: every durable subscription carries Pub/Sub's own dead-letter policy (the
 * dead-letter topic, and {@code maxDeliveryAttempts} raised to Pub/Sub's minimum of 5), set when
 * the driver creates it and updated when it finds another one, so Pub/Sub counts deliveries ({@code
 * deliveryAttempt}). When a handler fails on the last attempt (or throws {@code
 * UnprocessableMessageException}), the driver publishes the message to the dead-letter topic with
 * the attributes that say why, then acks it; when that publish fails it nacks instead, and
 * Pub/Sub's own policy forwards the message once it has been delivered too often (without the
 * driver's attributes, with Pub/Sub's {@code CloudPubSubDeadLetter*} ones). A message delivered
 * more often than allowed without being acknowledged goes to the dead letter before its handler
 * runs. Ephemeral subscriptions count attempts in the process and drop a message they give up.
 *
 * <p>{@link #publish} checks every message against {@link DriverLimits#maxMessageBytes()}
 * (9,999,360 bytes of data, Beneath's limit under Pub/Sub's 10 MB) and Pub/Sub's attribute limits
 * before publishing any, then publishes them concurrently through the topic's batching publisher
 * and returns once Pub/Sub has accepted every one.
 *
 * <p>The emulator: Google's Java client ignores {@code PUBSUB_EMULATOR_HOST}; {@link
 * Builder#emulatorHost} connects through a plaintext channel without credentials instead. The
 * emulator does not implement seeking, retry back-off or expiry; none of them changes what
 * subscribers receive there.
 *
 * <p>The driver is safe for concurrent use. {@link #close()} stops every subscription (waiting for
 * running handlers, deleting ephemeral subscriptions), flushes and stops the publishers and
 * releases every thread and channel the driver created.
 */
public final class PubSubDriver implements MessageQueue {
  private static final System.Logger LOG = System.getLogger(PubSubDriver.class.getName());

  // Pub/Sub resource names: a letter first, then letters, digits and - _ . ~ + %, 3 to 255 long.
  private static final Pattern RESOURCE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._~+%-]{2,254}");
  // Topics are bucket names; no '.' so that "<topic>.<name>" is unambiguous.
  // Dead-letter topics add ".dead-letter" (once per level) to a bucket name.
  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9_-]{1,200}(\\.dead-letter)*");
  // Pub/Sub's bounds of max_delivery_attempts in a subscription's dead-letter policy.
  private static final int MIN_NATIVE_ATTEMPTS = 5;
  private static final int MAX_NATIVE_ATTEMPTS = 100;
  private static final Pattern SUBSCRIPTION = Pattern.compile("[A-Za-z0-9._~+%-]{1,200}");

  /** The attribute that stands in for nothing on a message without data or attributes. */
  static final String EMPTY_MARK = "osmos-empty";

  private static final int MAX_ATTRIBUTES = 100;
  private static final int MAX_ATTRIBUTE_KEY_BYTES = 256;
  private static final int MAX_ATTRIBUTE_VALUE_BYTES = 1024;
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
  // Pub/Sub's minimums: 10 minutes of retention, a day before an idle subscription expires.
  private static final Duration EPHEMERAL_RETENTION = Duration.ofMinutes(10);
  private static final Duration EPHEMERAL_EXPIRY = Duration.ofDays(1);

  private final String project;
  private final String topicPrefix;
  private final String subscriptionPrefix;
  private final String subscriberId;
  private final DriverLimits limits;
  private final Settings settings;
  private final DeadLetterPolicy deadLetter;
  private final ManagedChannel channel;
  private final TransportChannelProvider channelProvider;
  private final CredentialsProvider credentials;
  private final TopicAdminClient topicAdmin;
  private final SubscriptionAdminClient subscriptionAdmin;
  private final ScheduledExecutorService publishExecutor;
  private final ScheduledExecutorService systemExecutor;
  private final Map<String, Publisher> publishers = new ConcurrentHashMap<>();
  private final Set<String> knownTopics = ConcurrentHashMap.newKeySet();
  // Durable subscriptions this driver made sure of, with the dead-letter policy they carry.
  private final Map<String, com.google.pubsub.v1.DeadLetterPolicy> knownSubscriptions =
      new ConcurrentHashMap<>();
  private final Set<PubSubSubscription> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger ephemeralCount = new AtomicInteger();
  private volatile boolean closed;

  /** Settings a subscription needs from its driver. */
  record Settings(
      int ackDeadlineSeconds,
      int handlerThreads,
      long maxOutstandingMessages,
      Duration minRetryBackoff,
      Duration maxRetryBackoff,
      BatchingSettings batching) {}

  private PubSubDriver(Builder b) {
    this.project = b.project;
    this.topicPrefix = b.topicPrefix;
    this.subscriptionPrefix = b.subscriptionPrefix != null ? b.subscriptionPrefix : b.topicPrefix;
    this.subscriberId =
        b.subscriberId != null
            ? b.subscriberId
            : HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    this.limits = DriverLimits.STREAMS;
    this.settings =
        new Settings(
            (int) b.ackDeadline.toSeconds(),
            b.handlerThreads,
            b.maxOutstandingMessages,
            b.minRetryBackoff,
            b.maxRetryBackoff,
            b.batching);
    this.deadLetter = b.deadLetter;
    if (b.emulatorHost != null) {
      this.channel = emulatorChannel(b.emulatorHost);
      this.channelProvider =
          FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
      this.credentials = NoCredentialsProvider.create();
    } else {
      this.channel = null;
      this.channelProvider = null;
      this.credentials = b.credentials;
    }
    this.publishExecutor = executor("osmos-pubsub-publish", b.publishThreads);
    // Lease extensions and acknowledgements of every subscription: never behind busy handlers.
    this.systemExecutor = executor("osmos-pubsub-system", 2);
    try {
      TopicAdminSettings.Builder ts = TopicAdminSettings.newBuilder();
      SubscriptionAdminSettings.Builder ss = SubscriptionAdminSettings.newBuilder();
      if (channelProvider != null) {
        ts.setTransportChannelProvider(channelProvider);
        ss.setTransportChannelProvider(channelProvider);
      }
      if (credentials != null) {
        ts.setCredentialsProvider(credentials);
        ss.setCredentialsProvider(credentials);
      }
      this.topicAdmin = TopicAdminClient.create(ts.build());
      this.subscriptionAdmin = SubscriptionAdminClient.create(ss.build());
    } catch (IOException | RuntimeException e) {
      publishExecutor.shutdownNow();
      systemExecutor.shutdownNow();
      if (channel != null) {
        channel.shutdownNow();
      }
      throw new DriverException(
          "cannot create Pub/Sub clients for project " + project + ": " + e.getMessage(), e);
    }
  }

  /** A builder for a driver working in {@code project} (a Google Cloud project id). */
  public static Builder builder(String project) {
    return new Builder(project);
  }

  @Override
  public String kind() {
    return "pubsub";
  }

  /** Beneath's stream limits; {@code maxMessageBytes} is 9,999,360 bytes of message data. */
  @Override
  public DriverLimits limits() {
    return limits;
  }

  /** The policy of {@link Builder#deadLetter}. */
  @Override
  public DeadLetterPolicy deadLetterPolicy() {
    return deadLetter;
  }

  /** The project the driver's topics and subscriptions live in. */
  public String project() {
    return project;
  }

  /** The Pub/Sub topic id an Osmos topic maps to: {@code <topicPrefix>-<topic>}. */
  public String topicId(String topic) {
    checkTopic(topic);
    return topicPrefix + "-" + topic;
  }

  /**
   * The Pub/Sub subscription id of the durable subscription {@code name} of {@code topic}: {@code
   * <subscriptionPrefix>-<topic>.<name>}.
   */
  public String subscriptionId(String topic, String name) {
    checkTopic(topic);
    checkSubscriptionName(name);
    return checkResourceName(subscriptionPrefix + "-" + topic + "." + name, "subscription");
  }

  // ---- publish -------------------------------------------------------------------------------

  @Override
  public void publish(String topic, List<Message> messages) {
    checkOpen();
    Objects.requireNonNull(messages, "messages");
    String topicId = topicId(topic);
    // Check everything before publishing anything: a refused batch publishes nothing.
    List<PubsubMessage> out = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      Message m = Objects.requireNonNull(messages.get(i), "messages[" + i + "]");
      check(i, m);
      PubsubMessage.Builder pm =
          PubsubMessage.newBuilder()
              .setData(ByteString.copyFrom(m.data()))
              .putAllAttributes(m.attributes());
      if (m.data().length == 0 && m.attributes().isEmpty()) {
        // Pub/Sub refuses a message with neither data nor attributes; subscribers drop the mark.
        pm.putAttributes(EMPTY_MARK, "true");
      }
      out.add(pm.build());
    }
    if (out.isEmpty()) {
      return;
    }
    Publisher publisher = publisher(topicId);
    List<ApiFuture<String>> pending = new ArrayList<>(out.size());
    for (PubsubMessage m : out) {
      pending.add(publisher.publish(m));
    }
    try {
      ApiFutures.allAsList(pending).get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new DriverException(
          "Pub/Sub did not accept the messages published to topic "
              + topicId
              + " ("
              + countDone(pending)
              + " of "
              + pending.size()
              + " accepted): "
              + cause.getMessage(),
          cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DriverException(
          "interrupted while waiting for Pub/Sub to accept "
              + pending.size()
              + " messages published to topic "
              + topicId
              + "; some may have been published",
          e);
    }
  }

  private static int countDone(List<ApiFuture<String>> futures) {
    int n = 0;
    for (ApiFuture<String> f : futures) {
      if (f.isDone()) {
        try {
          f.get();
          n++;
        } catch (ExecutionException | InterruptedException | RuntimeException e) {
          // failed: not counted
        }
      }
    }
    return n;
  }

  private void check(int i, Message m) {
    if (m.data().length > limits.maxMessageBytes()) {
      throw new LimitExceededException(
          "message "
              + i
              + " is "
              + m.data().length
              + " bytes; the"
              + " queue's limit (maxMessageBytes) is "
              + limits.maxMessageBytes());
    }
    if (m.attributes().size() > MAX_ATTRIBUTES) {
      throw new LimitExceededException(
          "message "
              + i
              + " has "
              + m.attributes().size()
              + " attributes; Pub/Sub takes at most "
              + MAX_ATTRIBUTES);
    }
    for (Map.Entry<String, String> a : m.attributes().entrySet()) {
      int k = a.getKey().getBytes(StandardCharsets.UTF_8).length;
      int v = a.getValue().getBytes(StandardCharsets.UTF_8).length;
      if (k == 0 || k > MAX_ATTRIBUTE_KEY_BYTES) {
        throw new LimitExceededException(
            "message "
                + i
                + " has an attribute key of "
                + k
                + " bytes; Pub/Sub takes 1 to "
                + MAX_ATTRIBUTE_KEY_BYTES);
      }
      if (v > MAX_ATTRIBUTE_VALUE_BYTES) {
        throw new LimitExceededException(
            "message "
                + i
                + ": attribute '"
                + a.getKey()
                + "' is "
                + v
                + " bytes; Pub/Sub takes at most "
                + MAX_ATTRIBUTE_VALUE_BYTES);
      }
      if (a.getKey().startsWith("goog")) {
        throw new IllegalArgumentException(
            "message "
                + i
                + ": attribute '"
                + a.getKey()
                + "' starts with 'goog', which Pub/Sub reserves");
      }
    }
  }

  private Publisher publisher(String topicId) {
    Publisher p = publishers.get(topicId);
    if (p != null) {
      return p;
    }
    ensureTopic(topicId);
    synchronized (publishers) {
      checkOpen();
      return publishers.computeIfAbsent(topicId, this::newPublisher);
    }
  }

  private Publisher newPublisher(String topicId) {
    Publisher.Builder b =
        Publisher.newBuilder(TopicName.of(project, topicId))
            .setBatchingSettings(settings.batching())
            .setExecutorProvider(FixedExecutorProvider.create(publishExecutor, false));
    configure(b);
    try {
      return b.build();
    } catch (IOException e) {
      throw new DriverException(
          "cannot create a Pub/Sub publisher for topic " + topicId + ": " + e.getMessage(), e);
    }
  }

  private void configure(Publisher.Builder b) {
    if (channelProvider != null) {
      b.setChannelProvider(channelProvider);
    }
    if (credentials != null) {
      b.setCredentialsProvider(credentials);
    }
  }

  /** Creates the topic unless this driver knows it exists. */
  void ensureTopic(String topicId) {
    if (knownTopics.contains(topicId)) {
      return;
    }
    try {
      topicAdmin.createTopic(TopicName.of(project, topicId));
    } catch (AlreadyExistsException e) {
      // created by another process (or an earlier run): fine
    } catch (ApiException e) {
      throw new DriverException(
          "cannot create Pub/Sub topic "
              + topicId
              + " in project "
              + project
              + ": "
              + e.getMessage(),
          e);
    }
    knownTopics.add(topicId);
  }

  // ---- subscribe -----------------------------------------------------------------------------

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when {@code deadLetter} allows more than 100 attempts, the
   *     most Pub/Sub's own dead-letter policy takes
   */
  @Override
  public Subscription subscribe(
      String topic,
      String name,
      Delivery delivery,
      DeadLetterPolicy deadLetter,
      MessageHandler handler) {
    checkOpen();
    Objects.requireNonNull(delivery, "delivery");
    Objects.requireNonNull(deadLetter, "deadLetter");
    Objects.requireNonNull(handler, "handler");
    if (deadLetter.maxDeliveryAttempts() > MAX_NATIVE_ATTEMPTS) {
      throw new IllegalArgumentException(
          "Pub/Sub delivers a message at most "
              + MAX_NATIVE_ATTEMPTS
              + " times before its dead-letter policy applies; choose at most "
              + MAX_NATIVE_ATTEMPTS
              + " delivery attempts, not "
              + deadLetter.maxDeliveryAttempts());
    }
    String topicId = topicId(topic);
    String subscriptionId;
    boolean ephemeral = delivery == Delivery.EPHEMERAL;
    if (ephemeral) {
      String base = name == null || name.isBlank() ? "ephemeral" : name;
      checkSubscriptionName(base);
      subscriptionId =
          checkResourceName(
              subscriptionPrefix
                  + "-"
                  + topic
                  + "."
                  + base
                  + "."
                  + subscriberId
                  + "-"
                  + ephemeralCount.incrementAndGet(),
              "subscription");
    } else {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("a durable (AT_LEAST_ONCE) subscription needs a name");
      }
      subscriptionId = subscriptionId(topic, name);
    }
    String deadLetterTopic = deadLetter.topicFor(topic);
    ensureTopic(topicId);
    if (ephemeral) {
      createEphemeral(subscriptionId, topicId);
    } else {
      // The dead-letter topic and its readers' subscription first: Pub/Sub drops what is
      // published to a topic without subscriptions, and the policy names the topic.
      String deadLetterTopicId = topicId(deadLetterTopic);
      ensureTopic(deadLetterTopicId);
      ensureDurable(
          subscriptionId(deadLetterTopic, DeadLetterPolicy.SUBSCRIPTION), deadLetterTopicId, null);
      ensureDurable(
          subscriptionId,
          topicId,
          com.google.pubsub.v1.DeadLetterPolicy.newBuilder()
              .setDeadLetterTopic(TopicName.format(project, deadLetterTopicId))
              .setMaxDeliveryAttempts(
                  Math.max(MIN_NATIVE_ATTEMPTS, deadLetter.maxDeliveryAttempts()))
              .build());
    }
    String id = subscriptionId;
    PubSubSubscription.Target target =
        new PubSubSubscription.Target(
            topic,
            name,
            ephemeral,
            deadLetter,
            deadLetterTopic,
            m -> publish(deadLetterTopic, List.of(m)));
    PubSubSubscription[] self = new PubSubSubscription[1];
    self[0] =
        new PubSubSubscription(
            ProjectSubscriptionName.of(project, subscriptionId),
            target,
            handler,
            settings,
            channelProvider,
            credentials,
            systemExecutor,
            () -> {
              open.remove(self[0]);
              if (ephemeral) {
                deleteSubscription(id);
              }
            });
    open.add(self[0]);
    try {
      self[0].start();
    } catch (RuntimeException e) {
      try {
        self[0].close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    return self[0];
  }

  /**
   * Creates the durable subscription, or checks the one that exists; with {@code policy}, makes
   * sure it carries that dead-letter policy (null: leaves the policy as it is).
   */
  private void ensureDurable(
      String subscriptionId, String topicId, com.google.pubsub.v1.DeadLetterPolicy policy) {
    com.google.pubsub.v1.DeadLetterPolicy known = knownSubscriptions.get(subscriptionId);
    if (known != null && (policy == null || policy.equals(known))) {
      return;
    }
    com.google.pubsub.v1.Subscription.Builder wanted =
        subscription(subscriptionId, topicId)
            // An expiration policy without a ttl: the subscription never expires (the default
            // deletes it after 31 days without subscribers).
            .setExpirationPolicy(ExpirationPolicy.getDefaultInstance());
    if (policy != null) {
      wanted.setDeadLetterPolicy(policy);
    }
    try {
      subscriptionAdmin.createSubscription(wanted.build());
    } catch (AlreadyExistsException e) {
      com.google.pubsub.v1.Subscription existing = checkTopicOf(subscriptionId, topicId);
      if (policy != null && !policy.equals(existing.getDeadLetterPolicy())) {
        updateDeadLetterPolicy(subscriptionId, topicId, policy);
      }
    } catch (ApiException e) {
      throw new DriverException(
          "cannot create Pub/Sub subscription "
              + subscriptionId
              + " on topic "
              + topicId
              + ": "
              + e.getMessage(),
          e);
    }
    knownSubscriptions.put(
        subscriptionId,
        policy != null ? policy : com.google.pubsub.v1.DeadLetterPolicy.getDefaultInstance());
  }

  private void updateDeadLetterPolicy(
      String subscriptionId, String topicId, com.google.pubsub.v1.DeadLetterPolicy policy) {
    try {
      subscriptionAdmin.updateSubscription(
          UpdateSubscriptionRequest.newBuilder()
              .setSubscription(
                  com.google.pubsub.v1.Subscription.newBuilder()
                      .setName(ProjectSubscriptionName.format(project, subscriptionId))
                      .setTopic(TopicName.format(project, topicId))
                      .setDeadLetterPolicy(policy))
              .setUpdateMask(FieldMask.newBuilder().addPaths("dead_letter_policy"))
              .build());
    } catch (ApiException e) {
      // Delivery still works; the driver then counts attempts in this process only.
      LOG.log(
          System.Logger.Level.WARNING,
          "cannot set the dead-letter policy of Pub/Sub"
              + " subscription "
              + subscriptionId
              + " (Pub/Sub then does not count delivery"
              + " attempts, and this process counts its own): "
              + e.getMessage());
    }
  }

  private void createEphemeral(String subscriptionId, String topicId) {
    com.google.pubsub.v1.Subscription wanted =
        subscription(subscriptionId, topicId)
            .setMessageRetentionDuration(seconds(EPHEMERAL_RETENTION))
            .setExpirationPolicy(ExpirationPolicy.newBuilder().setTtl(seconds(EPHEMERAL_EXPIRY)))
            .build();
    try {
      subscriptionAdmin.createSubscription(wanted);
    } catch (AlreadyExistsException e) {
      // Left over from an earlier process with this subscriber id: drop its backlog.
      checkTopicOf(subscriptionId, topicId);
      seekToNow(subscriptionId);
    } catch (ApiException e) {
      throw new DriverException(
          "cannot create Pub/Sub subscription "
              + subscriptionId
              + " on topic "
              + topicId
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private com.google.pubsub.v1.Subscription.Builder subscription(String id, String topicId) {
    return com.google.pubsub.v1.Subscription.newBuilder()
        .setName(ProjectSubscriptionName.format(project, id))
        .setTopic(TopicName.format(project, topicId))
        .setAckDeadlineSeconds(settings.ackDeadlineSeconds())
        .setRetryPolicy(
            RetryPolicy.newBuilder()
                .setMinimumBackoff(seconds(settings.minRetryBackoff()))
                .setMaximumBackoff(seconds(settings.maxRetryBackoff())));
  }

  /** The existing subscription, checked to read {@code topicId}. */
  private com.google.pubsub.v1.Subscription checkTopicOf(String subscriptionId, String topicId) {
    String expected = TopicName.format(project, topicId);
    com.google.pubsub.v1.Subscription existing;
    try {
      existing =
          subscriptionAdmin.getSubscription(
              ProjectSubscriptionName.format(project, subscriptionId));
    } catch (ApiException e) {
      throw new DriverException(
          "cannot read Pub/Sub subscription " + subscriptionId + ": " + e.getMessage(), e);
    }
    if (!expected.equals(existing.getTopic())) {
      throw new IllegalStateException(
          "Pub/Sub subscription "
              + subscriptionId
              + " exists but"
              + " reads topic "
              + existing.getTopic()
              + ", not "
              + expected
              + "; delete it or choose"
              + " another subscription name or prefix");
    }
    return existing;
  }

  private void seekToNow(String subscriptionId) {
    try {
      subscriptionAdmin.seek(
          SeekRequest.newBuilder()
              .setSubscription(ProjectSubscriptionName.format(project, subscriptionId))
              .setTime(Timestamps.fromMillis(System.currentTimeMillis()))
              .build());
    } catch (ApiException e) {
      // The emulator does not implement seek; the subscription then delivers its backlog.
      LOG.log(
          System.Logger.Level.DEBUG,
          "cannot seek Pub/Sub subscription " + subscriptionId + " to now: " + e.getMessage());
    }
  }

  private void deleteSubscription(String subscriptionId) {
    try {
      subscriptionAdmin.deleteSubscription(ProjectSubscriptionName.format(project, subscriptionId));
    } catch (NotFoundException e) {
      // already gone
    } catch (ApiException e) {
      // Its expiration policy removes it after a day without subscribers.
      LOG.log(
          System.Logger.Level.WARNING,
          "cannot delete ephemeral Pub/Sub subscription "
              + subscriptionId
              + " (it expires after "
              + EPHEMERAL_EXPIRY.toHours()
              + " h): "
              + e.getMessage());
    }
  }

  private static com.google.protobuf.Duration seconds(Duration d) {
    return com.google.protobuf.Duration.newBuilder()
        .setSeconds(d.toSeconds())
        .setNanos(d.toNanosPart())
        .build();
  }

  // ---- close ---------------------------------------------------------------------------------

  /**
   * Stops every subscription (waiting for running handlers; ephemeral subscriptions are deleted),
   * publishes what publishers still hold and stops them, and releases the driver's threads and
   * channels. Publishing or subscribing afterwards fails.
   */
  @Override
  public void close() {
    synchronized (publishers) {
      if (closed) {
        return;
      }
      closed = true;
    }
    RuntimeException failure = null;
    for (PubSubSubscription s : List.copyOf(open)) {
      try {
        s.close();
      } catch (RuntimeException e) {
        failure = add(failure, e);
      }
    }
    for (Publisher p : publishers.values()) {
      p.shutdown();
    }
    try {
      for (Publisher p : publishers.values()) {
        if (!p.awaitTermination(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          LOG.log(
              System.Logger.Level.WARNING,
              "Pub/Sub publisher for "
                  + p.getTopicNameString()
                  + " did not stop within "
                  + SHUTDOWN_TIMEOUT);
        }
      }
      topicAdmin.close();
      subscriptionAdmin.close();
      topicAdmin.awaitTermination(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      subscriptionAdmin.awaitTermination(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      publishExecutor.shutdown();
      systemExecutor.shutdown();
      publishExecutor.awaitTermination(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      systemExecutor.awaitTermination(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (channel != null) {
        channel.shutdown();
        if (!channel.awaitTermination(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          channel.shutdownNow();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      publishExecutor.shutdownNow();
      systemExecutor.shutdownNow();
      if (channel != null) {
        channel.shutdownNow();
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static RuntimeException add(RuntimeException first, RuntimeException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  @Override
  public String toString() {
    return "PubSubDriver(project="
        + project
        + ", topics="
        + topicPrefix
        + "-*"
        + (channel != null ? ", emulator " + channel.authority() : "")
        + ")";
  }

  // ---- internals -----------------------------------------------------------------------------

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the Pub/Sub driver for project " + project + " is closed");
    }
  }

  private static void checkTopic(String topic) {
    Objects.requireNonNull(topic, "topic");
    if (!TOPIC.matcher(topic).matches()) {
      throw new IllegalArgumentException(
          "invalid topic '"
              + topic
              + "': Pub/Sub topics of Osmos"
              + " are bucket names, 1 to 200 letters, digits, '_' or '-', and their dead-letter"
              + " topics (the name followed by '.dead-letter')");
    }
  }

  private static void checkSubscriptionName(String name) {
    Objects.requireNonNull(name, "name");
    if (!SUBSCRIPTION.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "invalid subscription name '"
              + name
              + "': use 1 to 200"
              + " letters, digits and - _ . ~ + % (Pub/Sub's alphabet)");
    }
  }

  private static String checkResourceName(String id, String what) {
    if (!RESOURCE_NAME.matcher(id).matches() || id.startsWith("goog")) {
      throw new IllegalArgumentException(
          "the Pub/Sub "
              + what
              + " id '"
              + id
              + "' is invalid: it"
              + " must start with a letter, not with 'goog', and have 3 to 255 letters, digits and"
              + " - _ . ~ + %; choose a shorter name or prefix");
    }
    return id;
  }

  private static ManagedChannel emulatorChannel(String hostPort) {
    // Pub/Sub's largest message must fit in a response; gRPC's default allows 4 MiB.
    return ManagedChannelBuilder.forTarget(hostPort)
        .usePlaintext()
        .maxInboundMessageSize(20 << 20)
        .build();
  }

  static ScheduledExecutorService executor(String name, int threads) {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory f =
        r -> {
          Thread t = new Thread(r, name + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(threads, f);
    e.setRemoveOnCancelPolicy(true);
    return e;
  }

  /** Options of a {@link PubSubDriver}. */
  public static final class Builder {
    private final String project;
    private String emulatorHost;
    private CredentialsProvider credentials;
    private String topicPrefix = "osmos";
    private String subscriptionPrefix;
    private String subscriberId;
    private Duration ackDeadline = Duration.ofSeconds(20);
    private int handlerThreads = 4;
    private long maxOutstandingMessages = 16;
    private Duration minRetryBackoff = Duration.ofSeconds(1);
    private Duration maxRetryBackoff = Duration.ofSeconds(60);
    private DeadLetterPolicy deadLetter = DeadLetterPolicy.DEFAULT;
    private int publishThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
    private BatchingSettings batching =
        BatchingSettings.newBuilder()
            .setElementCountThreshold(1000L)
            .setRequestByteThreshold(1L << 20)
            .setDelayThresholdDuration(Duration.ofMillis(1))
            .build();

    private Builder(String project) {
      Objects.requireNonNull(project, "project");
      if (project.isBlank()) {
        throw new IllegalArgumentException("a Google Cloud project id must not be empty");
      }
      this.project = project;
    }

    /**
     * Talks to a Pub/Sub emulator at {@code host:port} over plaintext, without credentials
     * (Google's Java client does not read {@code PUBSUB_EMULATOR_HOST} itself).
     */
    public Builder emulatorHost(String hostPort) {
      Objects.requireNonNull(hostPort, "hostPort");
      if (!hostPort.matches("[^:/\\s]+:\\d{1,5}")
          && !hostPort.matches("\\[[0-9a-fA-F:]+]:\\d{1,5}")) {
        throw new IllegalArgumentException(
            "emulator host must be host:port, e.g." + " 127.0.0.1:8085, was '" + hostPort + "'");
      }
      this.emulatorHost = hostPort;
      return this;
    }

    /** Credentials for Pub/Sub; by default Google's application default credentials. */
    public Builder credentials(CredentialsProvider credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /** The prefix of topic ids ({@code <prefix>-<topic>}); {@code osmos} by default. */
    public Builder topicPrefix(String prefix) {
      this.topicPrefix = prefix(prefix);
      return this;
    }

    /** The prefix of subscription ids; the topic prefix by default. */
    public Builder subscriptionPrefix(String prefix) {
      this.subscriptionPrefix = prefix(prefix);
      return this;
    }

    /**
     * Names this process in ephemeral subscription ids (Beneath's {@code SUBSCRIBER_ID}); random by
     * default.
     */
    public Builder subscriberId(String id) {
      Objects.requireNonNull(id, "id");
      if (!id.matches("[A-Za-z0-9_-]{1,40}")) {
        throw new IllegalArgumentException(
            "a subscriber id has 1 to 40 letters, digits, '_' or" + " '-', was '" + id + "'");
      }
      this.subscriberId = id;
      return this;
    }

    /**
     * How long Pub/Sub waits for an acknowledgement before delivering a message again when the
     * process stopped extending it (a crash); 10 to 600 s, 20 s by default.
     */
    public Builder ackDeadline(Duration deadline) {
      long s = deadline.toSeconds();
      if (s < 10 || s > 600) {
        throw new IllegalArgumentException(
            "Pub/Sub ack deadlines are 10 to 600 s, was " + deadline);
      }
      this.ackDeadline = deadline;
      return this;
    }

    /** Handler threads per subscription; 4 by default. */
    public Builder handlerThreads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("handler threads must be at least 1, was " + threads);
      }
      this.handlerThreads = threads;
      return this;
    }

    /**
     * Messages a subscriber holds at once, handled or waiting for a handler thread (Pub/Sub's flow
     * control); 16 by default. Messages beyond stay with Pub/Sub for other consumers.
     */
    public Builder maxOutstandingMessages(long messages) {
      if (messages < 1) {
        throw new IllegalArgumentException(
            "max outstanding messages must be at least 1, was " + messages);
      }
      this.maxOutstandingMessages = messages;
      return this;
    }

    /**
     * The back-off before Pub/Sub delivers a message again after its handler failed (the
     * subscription's retry policy, set when the driver creates it); 1 s doubling to 60 s by
     * default. Pub/Sub takes 0 to 600 s.
     */
    public Builder retryBackoff(Duration min, Duration max) {
      if (min.isNegative()
          || min.compareTo(max) > 0
          || max.compareTo(Duration.ofSeconds(600)) > 0) {
        throw new IllegalArgumentException(
            "retry back-off must satisfy 0 <= min <= max <= 600 s," + " was " + min + " to " + max);
      }
      this.minRetryBackoff = min;
      this.maxRetryBackoff = max;
      return this;
    }

    /**
     * How often a durable subscription delivers a message whose handler throws before the driver
     * moves it to the dead-letter topic, and which topic that is, for subscriptions that do not
     * name a policy of their own (default {@link DeadLetterPolicy#DEFAULT}: 5 deliveries, then
     * {@code <topic>.dead-letter}). Pub/Sub takes at most 100.
     */
    public Builder deadLetter(DeadLetterPolicy policy) {
      Objects.requireNonNull(policy, "policy");
      if (policy.maxDeliveryAttempts() > MAX_NATIVE_ATTEMPTS) {
        throw new IllegalArgumentException(
            "Pub/Sub delivers a message at most "
                + MAX_NATIVE_ATTEMPTS
                + " times before its dead-letter policy applies, not "
                + policy.maxDeliveryAttempts());
      }
      this.deadLetter = policy;
      return this;
    }

    /**
     * How publishers batch messages into requests; by default up to 1000 messages or 1 MiB, waiting
     * at most 1 ms. {@link PubSubDriver#publish} still returns only once all are accepted.
     */
    public Builder batching(BatchingSettings batching) {
      this.batching = Objects.requireNonNull(batching, "batching");
      return this;
    }

    /** Threads shared by the publishers for batching and callbacks; the number of cores. */
    public Builder publishThreads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("publish threads must be at least 1, was " + threads);
      }
      this.publishThreads = threads;
      return this;
    }

    /** The driver; connects lazily (the first publish or subscribe creates topics). */
    public PubSubDriver build() {
      return new PubSubDriver(this);
    }

    private static String prefix(String prefix) {
      Objects.requireNonNull(prefix, "prefix");
      if (!prefix.matches("[A-Za-z][A-Za-z0-9_-]{0,62}") || prefix.startsWith("goog")) {
        throw new IllegalArgumentException(
            "a prefix starts with a letter (not 'goog') and has"
                + " up to 63 letters, digits, '_' or '-', was '"
                + prefix
                + "'");
      }
      return prefix;
    }
  }
}
