package io.osmos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.exceptions.DriverNotFoundException;
import io.osmos.exceptions.OsmosException;
import io.osmos.memory.MemoryDriver;
import io.osmos.memory.fixtures.Note;
import io.osmos.memory.fixtures.NoteRepository;
import io.osmos.memory.fixtures.Note_;
import io.osmos.memory.fixtures.ReadingRepository;
import io.osmos.memory.fixtures.Reading_;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The repository index the processor writes, as {@link Osmos#repository(Class)} uses it. */
class RepositoryIndexRuntimeTest {
  @Test
  void repositoryIsBoundToTheRegistryAndMadeOnce() {
    try (Osmos osmos = Osmos.builder().driver("db", new MemoryDriver()).build()) {
      NoteRepository notes = osmos.repository(NoteRepository.class);
      Note stored = notes.insert(new Note(0, "hello"));
      assertSame(osmos, notes.osmos());
      assertSame(notes, osmos.repository(NoteRepository.class));
      assertEquals("hello", notes.get(stored.id()).orElseThrow().text());
      assertTrue(osmos.hasRepository(NoteRepository.class));
      assertFalse(osmos.hasRepository(String.class));
    }
  }

  @Test
  void indexListsEveryGeneratedRepositoryInNameOrder() {
    List<String> types =
        Osmos.repositoryFactories(getClass().getClassLoader()).stream()
            .map(f -> f.repositoryType().getName())
            .toList();
    assertTrue(types.contains(NoteRepository.class.getName()), types::toString);
    assertTrue(types.contains(ReadingRepository.class.getName()), types::toString);
    assertEquals(types.stream().sorted().toList(), types);
  }

  @Test
  void aTypeThatIsNotIndexedIsAnErrorNamingTheIndexedOnes() {
    try (Osmos osmos = Osmos.builder().build()) {
      OsmosException e = assertThrows(OsmosException.class, () -> osmos.repository(String.class));
      assertTrue(
          e.getMessage()
              .startsWith(
                  "no repository java.lang.String in the repository index"
                      + " (META-INF/services/io.osmos.RepositoryFactory); indexed: ["),
          e.getMessage());
      assertTrue(e.getMessage().contains(NoteRepository.class.getName()), e.getMessage());
      assertTrue(e.getMessage().contains("is it on the annotation processor path"), e.getMessage());
    }
  }

  @Test
  void aRepositoryWhoseDriverIsMissingNamesTheRegisteredOnes() {
    try (Osmos osmos = Osmos.builder().driver("other", new MemoryDriver()).build()) {
      DriverNotFoundException e =
          assertThrows(DriverNotFoundException.class, () -> osmos.repository(NoteRepository.class));
      assertEquals("Driver instance 'db' not found; registered: [other]", e.getMessage());
    }
  }

  @Test
  void boundModelsListEachDriverAndBucketOnceInBindingOrder() {
    MemoryDriver memory = new MemoryDriver();
    try (Osmos osmos =
        Osmos.builder().driver("db", memory).driver("events", Streams.of(memory, memory)).build()) {
      new NoteRepository(osmos);
      new ReadingRepository(osmos);
      new NoteRepository(osmos);
      new ReadingRepository(osmos, "events");
      assertEquals(
          List.of(
              new Osmos.BoundModel("db", Note_.MODEL),
              new Osmos.BoundModel("events", Reading_.MODEL)),
          osmos.boundModels());
    }
  }
}
