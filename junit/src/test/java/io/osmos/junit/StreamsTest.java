package io.osmos.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.Osmos;
import io.osmos.Pipeline;
import io.osmos.junit.fixtures.Click;
import io.osmos.junit.fixtures.ClickRepository;
import io.osmos.junit.fixtures.Click_;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Stream models under the extension: the pipeline is awaited with {@link Pipeline#awaitIdle}, and a
 * driver that outlives the test says it could not clear the stream's bucket.
 */
class StreamsTest {
  @Launched
  @OsmosTest
  @Driver(name = "events")
  static class ClickStream {
    @Inject ClickRepository clicks;
    @Inject Osmos osmos;

    @Test
    void publishedClicksAreInTheLookupOnceThePipelineIsIdle() {
      try (Pipeline pipeline = osmos.pipeline("events").add(Click_.MODEL).start()) {
        List<Click> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          batch.add(new Click("s-1", i, Instant.ofEpochSecond(i), "/p/" + i));
        }
        clicks.publishAll(batch);
        pipeline.awaitIdle(Duration.ofSeconds(30));
        for (Click c : batch) {
          assertEquals(c, clicks.get(new Click_.Key("s-1", c.seq())).orElseThrow());
        }
      }
    }
  }

  @Launched
  @OsmosTest(registry = RegistryScope.PER_CLASS)
  @Driver(name = "events")
  static class SharedClickStream {
    @Inject ClickRepository clicks;

    @Test
    void writesAClick() {
      clicks.write(List.of(new Click("s-1", 1, Instant.ofEpochSecond(1), "/")));
    }
  }

  @Test
  void aRegistryPerTestOnMemoryNeedsNoClearing() {
    TestRuns.Result run = TestRuns.run(Map.of(), ClickStream.class);
    assertEquals(List.of(), run.failed, run.failureText());
    assertEquals(1, run.succeeded.size());
    assertEquals(List.of(), run.reported("osmos.notCleared"));
  }

  @Test
  void whatCannotBeClearedIsReported() {
    TestRuns.Result run = TestRuns.run(Map.of(), SharedClickStream.class);
    assertEquals(List.of(), run.failed, run.failureText());
    List<String> notCleared = run.reported("osmos.notCleared");
    assertEquals(1, notCleared.size(), notCleared::toString);
    assertTrue(
        notCleared
            .get(0)
            .startsWith(
                "bucket 'clicks' of driver 'events' (memory) was not"
                    + " cleared: the topic, lookup log and warehouse rows of a stream model cannot be"
                    + " deleted through Osmos"),
        notCleared.get(0));
  }
}
