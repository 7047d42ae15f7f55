package io.osmos.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.Osmos;
import io.osmos.data.fixtures.Novel;
import io.osmos.data.fixtures.Novels;
import io.osmos.data.fixtures.Novels_;
import io.osmos.exceptions.UnsupportedQueryException;
import jakarta.data.page.PageRequest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Jakarta Data repository on a store that evaluates queries with its indexes only: the methods
 * whose plan no index serves are declined with UnsupportedOperationException, decided when the
 * repository binds; the others work.
 */
class JakartaRepositoryIndexOnlyTest {
  private Osmos osmos;
  private Novels novels;

  @BeforeEach
  void setUp() {
    osmos = Osmos.builder().driver("db", new IndexOnlyStore()).build();
    novels = new Novels_(osmos);
    novels.insertAll(
        List.of(
            new Novel("1", "Dune", "Herbert", 1965, 9.5, Novel.Shelf.CLASSICS, true, 412, 0),
            new Novel("2", "Emma", "Austen", 1815, null, Novel.Shelf.ARCHIVE, false, 474, 0)));
  }

  @AfterEach
  void tearDown() {
    osmos.close();
  }

  @Test
  void aConditionOnAFieldWithoutIndexIsDeclinedNamingTheIndex() {
    UnsupportedOperationException e =
        assertThrows(
            UnsupportedOperationException.class,
            () -> novels.findByPagesGreaterThanOrderByIsbn(100));
    assertTrue(e.getMessage().contains("pages"), e.getMessage());
    assertTrue(e.getMessage().contains("@Index"), e.getMessage());
    assertInstanceOf(UnsupportedQueryException.class, e.getCause());
    assertEquals("bind", assertInstanceOf(OsmosContext.class, e).operation());
  }

  @Test
  void aPlanTheIndexesServeRuns() {
    assertEquals(1, novels.countByAuthor("Austen"));
    assertEquals("Dune", novels.findById("1").orElseThrow().title());
    assertEquals(
        List.of("Dune"),
        novels.byAuthor("Herbert", PageRequest.ofSize(10)).content().stream()
            .map(Novel::title)
            .toList());
  }

  @Test
  void orAndDescendingSortsAreDeclined() {
    assertThrows(
        UnsupportedOperationException.class,
        () -> novels.findByTitleContainsOrPriceLessThanOrderByIsbn("x", 1.0));
    assertThrows(
        UnsupportedOperationException.class, () -> novels.findByAuthorOrderByYearDesc("Herbert"));
    // Both sort keys of @OrderBy: title descending is not what an index reads.
    assertThrows(UnsupportedOperationException.class, () -> novels.byAuthor("Herbert"));
  }
}
