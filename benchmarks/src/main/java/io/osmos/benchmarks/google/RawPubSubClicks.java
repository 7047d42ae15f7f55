package io.osmos.benchmarks.google;

import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutures;
import com.google.api.gax.batching.BatchingSettings;
import com.google.api.gax.core.FixedExecutorProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.TopicName;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.osmos.benchmarks.model.Click;
import io.osmos.spi.TupleKey;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The raw-client baseline for Pub/Sub: Google's {@link Publisher} with the batching settings of
 * {@code PubSubDriver} (1000 messages, 1 MiB, 1 ms) and a scheduler of the same size, publishing
 * the bytes and attributes the repository publishes ({@code key}: the base64url TupleKey of the
 * key, {@code timestamp}: the record time in microseconds) and waiting until Pub/Sub accepted all.
 * What it leaves out is what the repository and driver add: validation, limit checks on sizes and
 * attributes, error context.
 */
public final class RawPubSubClicks implements AutoCloseable {
  /** The driver's default batching, repeated here rather than read from it. */
  static final BatchingSettings BATCHING =
      BatchingSettings.newBuilder()
          .setElementCountThreshold(1000L)
          .setRequestByteThreshold(1L << 20)
          .setDelayThresholdDuration(Duration.ofMillis(1))
          .build();

  private final ManagedChannel channel;
  private final ScheduledThreadPoolExecutor executor;
  private final Publisher publisher;

  /** A publisher of {@code topicId} in {@code project} on the emulator at {@code hostPort}. */
  public RawPubSubClicks(String hostPort, String project, String topicId) throws IOException {
    channel = ManagedChannelBuilder.forTarget(hostPort).usePlaintext().build();
    TransportChannelProvider channels =
        FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
    try (TopicAdminClient admin =
        TopicAdminClient.create(
            TopicAdminSettings.newBuilder()
                .setTransportChannelProvider(channels)
                .setCredentialsProvider(NoCredentialsProvider.create())
                .build())) {
      admin.createTopic(TopicName.of(project, topicId));
    } catch (AlreadyExistsException e) {
      // an earlier run's topic: fine
    }
    executor =
        new ScheduledThreadPoolExecutor(
            Math.max(2, Runtime.getRuntime().availableProcessors()),
            r -> {
              Thread t = new Thread(r, "raw-pubsub-publish");
              t.setDaemon(true);
              return t;
            });
    publisher =
        Publisher.newBuilder(TopicName.of(project, topicId))
            .setBatchingSettings(BATCHING)
            .setExecutorProvider(FixedExecutorProvider.create(executor))
            .setChannelProvider(channels)
            .setCredentialsProvider(NoCredentialsProvider.create())
            .build();
  }

  /** The messages of {@code clicks}: what the repository hands to the queue for them. */
  public static List<PubsubMessage> messages(List<Click> clicks) {
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    List<PubsubMessage> out = new ArrayList<>(clicks.size());
    for (Click c : clicks) {
      out.add(
          PubsubMessage.newBuilder()
              .setData(ByteString.copyFrom(RawClickCodec.encode(c)))
              .putAttributes("key", base64.encodeToString(TupleKey.encode(c.user(), c.seq())))
              .putAttributes("timestamp", Long.toString(micros(c.at())))
              .build());
    }
    return out;
  }

  /** Publishes the clicks and returns once Pub/Sub accepted every one. */
  public void publishAll(List<Click> clicks) {
    List<PubsubMessage> messages = messages(clicks);
    List<ApiFuture<String>> pending = new ArrayList<>(messages.size());
    for (PubsubMessage m : messages) {
      pending.add(publisher.publish(m));
    }
    try {
      ApiFutures.allAsList(pending).get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("Pub/Sub refused a message: " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing", e);
    }
  }

  private static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }

  @Override
  public void close() throws InterruptedException {
    publisher.shutdown();
    publisher.awaitTermination(30, TimeUnit.SECONDS);
    executor.shutdown();
    channel.shutdown();
  }
}
