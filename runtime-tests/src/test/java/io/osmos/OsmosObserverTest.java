package io.osmos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.exceptions.DuplicateKeyException;
import io.osmos.exceptions.OsmosException;
import io.osmos.memory.MemoryDriver;
import io.osmos.memory.fixtures.Note;
import io.osmos.memory.fixtures.NoteRepository;
import io.osmos.memory.fixtures.Reading;
import io.osmos.memory.fixtures.ReadingRepository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Observers hear of every driver call of repositories and pipelines, failures included. */
class OsmosObserverTest {
  /** Records "operation bucket keyCount ok|failed: error" for each call. */
  private static final class Recorder implements OsmosObserver {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());

    @Override
    public Call start(Operation op) {
      String what =
          op.driver()
              + "/"
              + op.driverKind()
              + " "
              + op.operation()
              + " "
              + op.bucket()
              + " "
              + op.keyCount();
      return new Call() {
        @Override
        public void success(Duration elapsed) {
          assertFalse(elapsed.isNegative());
          events.add(what + " ok");
        }

        @Override
        public void failure(Duration elapsed, Throwable error) {
          events.add(what + " failed");
          errors.add(error);
        }
      };
    }

    List<String> without(String operation) {
      synchronized (events) {
        return events.stream().filter(e -> !e.contains(" " + operation + " ")).toList();
      }
    }
  }

  @Test
  void repositoryCallsAreObservedWithTheirKeyCounts() {
    Recorder recorder = new Recorder();
    try (Osmos osmos =
        Osmos.builder().driver("db", new MemoryDriver()).observer(recorder).build()) {
      NoteRepository notes = new NoteRepository(osmos);
      Note a = notes.insert(new Note(0, "a"));
      notes.get(a.id());
      List<Note> more = notes.saveAll(List.of(new Note(100, "b"), new Note(101, "c")));
      notes.deleteAll(List.of(more.get(0).id(), more.get(1).id()));
      notes.count();
      assertEquals(
          List.of(
              "db/memory bind notes 0 ok",
              "db/memory insert notes 1 ok",
              "db/memory get notes 1 ok",
              "db/memory saveAll notes 2 ok",
              "db/memory deleteAll notes 2 ok",
              "db/memory count notes 0 ok"),
          recorder.events);
    }
  }

  @Test
  void aFailureReachesTheObserverWithTheExceptionTheCallerGets() {
    Recorder recorder = new Recorder();
    try (Osmos osmos =
        Osmos.builder().driver("db", new MemoryDriver()).observer(recorder).build()) {
      NoteRepository notes = new NoteRepository(osmos);
      Note a = notes.insert(new Note(0, "a"));
      DuplicateKeyException e =
          assertThrows(DuplicateKeyException.class, () -> notes.insert(new Note(a.id(), "again")));
      assertEquals(
          "db/memory insert notes 1 failed", recorder.events.get(recorder.events.size() - 1));
      assertEquals(List.of(e), recorder.errors);
      assertEquals("insert", ((OsmosException) recorder.errors.get(0)).operation());
    }
  }

  @Test
  void anObserverThatThrowsNeverFailsTheOperation() {
    Recorder recorder = new Recorder();
    OsmosObserver broken =
        op -> {
          throw new IllegalStateException("observer bug");
        };
    OsmosObserver brokenCall =
        op ->
            new OsmosObserver.Call() {
              @Override
              public void success(Duration elapsed) {
                throw new IllegalStateException("observer bug");
              }
            };
    try (Osmos osmos =
        Osmos.builder()
            .driver("db", new MemoryDriver())
            .observer(broken)
            .observer(brokenCall)
            .observer(recorder)
            .build()) {
      NoteRepository notes = new NoteRepository(osmos);
      Note a = notes.insert(new Note(0, "a"));
      assertEquals("a", notes.get(a.id()).orElseThrow().text());
      assertTrue(recorder.events.contains("db/memory get notes 1 ok"), recorder.events::toString);
    }
  }

  @Test
  void publishesAndThePipelinesWritesAreObserved() {
    Recorder recorder = new Recorder();
    MemoryDriver memory = new MemoryDriver();
    try (Osmos osmos =
        Osmos.builder().driver("events", Streams.of(memory, memory)).observer(recorder).build()) {
      ReadingRepository readings = new ReadingRepository(osmos);
      try (Pipeline pipeline = osmos.pipeline("events").start()) {
        readings.publishAll(
            List.of(Reading.of("s1", 1, "north", 1), Reading.of("s2", 2, "north", 2)));
        pipeline.awaitIdle(Duration.ofSeconds(30));
      }
      // The consumer may write a record before the publisher's call has returned: no order.
      assertEquals(
          List.of(
              "events/streams(memory+memory) pipeline readings 1 ok",
              "events/streams(memory+memory) pipeline readings 1 ok",
              "events/streams(memory+memory) publish readings 2 ok"),
          recorder.without("bind").stream().sorted().toList());
    }
  }
}
