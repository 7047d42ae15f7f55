package io.osmos.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.Osmos;
import io.osmos.data.fixtures.Novel;
import io.osmos.data.fixtures.Novel.Shelf;
import io.osmos.data.fixtures.Novels;
import io.osmos.data.fixtures.Novels_;
import io.osmos.data.fixtures._Novel;
import io.osmos.exceptions.DuplicateKeyException;
import io.osmos.memory.MemoryDriver;
import jakarta.data.Limit;
import jakarta.data.Order;
import jakarta.data.Sort;
import jakarta.data.exceptions.EmptyResultException;
import jakarta.data.exceptions.EntityExistsException;
import jakarta.data.exceptions.NonUniqueResultException;
import jakarta.data.exceptions.OptimisticLockingFailureException;
import jakarta.data.page.CursoredPage;
import jakarta.data.page.Page;
import jakarta.data.page.PageRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A generated Jakarta Data repository on the Memory driver: each kind of method. */
class JakartaRepositoryTest {
  private Osmos osmos;
  private Novels novels;

  private static final Novel DUNE = novel("1", "Dune", "Herbert", 1965, 9.5, Shelf.CLASSICS, true);
  private static final Novel MESSIAH =
      novel("2", "Dune Messiah", "Herbert", 1969, 8.0, Shelf.CLASSICS, true);
  private static final Novel EMMA = novel("3", "Emma", "Austen", 1815, null, Shelf.ARCHIVE, false);
  private static final Novel PERSUASION =
      novel("4", "Persuasion", "Austen", 1817, 5.0, Shelf.ARCHIVE, true);
  private static final Novel NEUROMANCER =
      novel("5", "Neuromancer", "Gibson", 1984, 12.0, Shelf.MODERN, true);

  private static Novel novel(
      String isbn,
      String title,
      String author,
      int year,
      Double price,
      Shelf shelf,
      boolean inPrint) {
    return new Novel(isbn, title, author, year, price, shelf, inPrint, title.length() * 40, 0);
  }

  @BeforeEach
  void setUp() {
    osmos = Osmos.builder().driver("db", new MemoryDriver()).build();
    novels = new Novels_(osmos);
    novels.insertAll(List.of(DUNE, MESSIAH, EMMA, PERSUASION, NEUROMANCER));
  }

  @AfterEach
  void tearDown() {
    osmos.close();
  }

  private static List<String> titles(List<Novel> list) {
    return list.stream().map(Novel::title).toList();
  }

  private static List<String> titles(Stream<Novel> stream) {
    try (stream) {
      return stream.map(Novel::title).toList();
    }
  }

  // ---- inherited methods -----------------------------------------------------------------------

  @Test
  void crudMethods() {
    assertEquals("Dune", novels.findById("1").orElseThrow().title());
    assertTrue(novels.findById("9").isEmpty());
    assertEquals(
        Set.of("Dune", "Dune Messiah", "Emma", "Persuasion", "Neuromancer"),
        titles(novels.findAll()).stream().collect(Collectors.toSet()));

    Novel stored = novels.findById("1").orElseThrow();
    Novel changed =
        novels.update(
            new Novel(
                "1",
                "Dune (revised)",
                "Herbert",
                1965,
                9.5,
                Shelf.CLASSICS,
                true,
                412,
                stored.version()));
    assertEquals(stored.version() + 1, changed.version());
    assertEquals("Dune (revised)", novels.findById("1").orElseThrow().title());

    novels.save(novel("6", "Count Zero", "Gibson", 1986, 11.0, Shelf.MODERN, true));
    assertEquals(6, novels.findAll().count());

    novels.deleteById("6");
    novels.delete(novels.findById("5").orElseThrow());
    assertTrue(novels.findById("5").isEmpty());
    assertTrue(novels.findById("6").isEmpty());
    novels.deleteAll(List.of(novels.findById("4").orElseThrow()));
    assertEquals(3, novels.findAll().count());
  }

  @Test
  void insertOfATakenKeyIsEntityExistsWithOsmosContext() {
    EntityExistsException e = assertThrows(EntityExistsException.class, () -> novels.insert(DUNE));
    assertInstanceOf(DuplicateKeyException.class, e.getCause());
    OsmosContext context = assertInstanceOf(OsmosContext.class, e);
    assertEquals("novels", context.bucket());
    assertEquals("1", context.key());
    assertEquals("insert", context.operation());
    assertTrue(e.getMessage().contains("bucket=novels"), e.getMessage());
  }

  @Test
  void updateOfAStaleVersionOrMissingEntityIsOptimisticLockingFailure() {
    Novel stale = novels.findById("1").orElseThrow();
    novels.update(stale);
    assertThrows(OptimisticLockingFailureException.class, () -> novels.update(stale));
    assertThrows(
        OptimisticLockingFailureException.class,
        () -> novels.update(novel("9", "Nowhere", "Nobody", 2000, 1.0, Shelf.MODERN, true)));
    assertThrows(OptimisticLockingFailureException.class, () -> novels.delete(stale));
  }

  @Test
  void pageOfAllWithADynamicOrder() {
    Page<Novel> first =
        novels.findAll(PageRequest.ofSize(2), Order.by(Sort.desc("year"), Sort.asc("title")));
    assertEquals(List.of("Neuromancer", "Dune Messiah"), titles(first.content()));
    assertEquals(5, first.totalElements());
    assertEquals(3, first.totalPages());
    assertTrue(first.hasNext());
    Page<Novel> second =
        novels.findAll(first.nextPageRequest(), Order.by(Sort.desc("year"), Sort.asc("title")));
    assertEquals(List.of("Dune", "Persuasion"), titles(second.content()));
    Page<Novel> third =
        novels.findAll(second.nextPageRequest(), Order.by(Sort.desc("year"), Sort.asc("title")));
    assertEquals(List.of("Emma"), titles(third.content()));
    assertFalse(third.hasNext());
  }

  @Test
  void aSortOnAnAttributeTheEntityDoesNotHaveIsRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> novels.findAll(PageRequest.ofSize(2), Order.by(Sort.asc("titel"))));
    assertTrue(e.getMessage().contains("'titel'"), e.getMessage());
  }

  // ---- lifecycle methods -----------------------------------------------------------------------

  @Test
  void lifecycleMethodsOnArraysListsAndOneEntity() {
    novels.deleteAll(novels.findAll().toList());
    Novel[] added = novels.add(DUNE, EMMA);
    assertEquals(2, added.length);
    assertEquals(1, added[0].version());
    novels.store(List.of(MESSIAH, PERSUASION));
    assertEquals(4, novels.findAll().count());
    Novel changed =
        novels.change(
            new Novel(
                "3", "Emma", "Austen", 1816, null, Shelf.ARCHIVE, false, 474, added[1].version()));
    assertEquals(1816, changed.year());
    novels.remove(novels.findById("2").orElseThrow());
    novels.removeByAuthor("Austen");
    assertEquals(List.of("Dune"), titles(novels.findAll()));
  }

  // ---- @Find -----------------------------------------------------------------------------------

  @Test
  void findByAnnotatedParameters() {
    assertEquals("Emma", novels.byIsbn("3").orElseThrow().title());
    assertTrue(novels.byIsbn("0").isEmpty());
    assertEquals(List.of("Dune", "Dune Messiah"), titles(novels.byAuthor("Herbert")));
    Page<Novel> page = novels.byAuthor("Austen", PageRequest.ofSize(1));
    assertEquals(1, page.numberOfElements());
    assertEquals(2, page.totalElements());
  }

  // ---- query by method name --------------------------------------------------------------------

  @Test
  void comparisonsAndOrders() {
    assertEquals(
        List.of("Dune Messiah", "Dune"), titles(novels.findByAuthorOrderByYearDesc("Herbert")));
    assertEquals(
        List.of("Neuromancer", "Dune Messiah", "Dune"),
        titles(novels.findByYearBetween(1900, 2000, Sort.desc("year"))));
    assertEquals(
        List.of("Dune Messiah"),
        titles(novels.findByAuthorAndYearGreaterThanEqualOrderByYear("Herbert", 1966)));
  }

  @Test
  void inLikeNullNotAndOr() {
    assertEquals(
        List.of("Emma", "Persuasion", "Neuromancer"),
        titles(
            novels.findByShelfIn(Set.of(Shelf.ARCHIVE, Shelf.MODERN), Order.by(Sort.asc("year")))));
    assertArrayEquals(
        new String[] {"Dune", "Dune Messiah"},
        Stream.of(novels.findByTitleStartsWithIgnoreCaseOrderByTitle("dUNE"))
            .map(Novel::title)
            .toArray());
    assertEquals(
        List.of("Dune Messiah", "Persuasion"),
        titles(novels.findByTitleContainsOrPriceLessThanOrderByIsbn("Messiah", 6.0)));
    assertEquals(List.of("Emma"), titles(novels.findByPriceNullOrderByIsbn()));
    assertEquals(4, novels.findByPriceNotNullOrderByIsbn().size());
    assertEquals(
        List.of("Emma", "Persuasion", "Neuromancer"),
        titles(novels.findByAuthorNotOrderByIsbn("Herbert")));
    assertEquals(List.of("Emma"), titles(novels.findByTitleEndsWithOrderByIsbn("mma")));
    assertEquals(
        List.of("Neuromancer"),
        titles(novels.findByAuthorNotInOrderByIsbn(List.of("Herbert", "Austen"))));
    assertTrue(novels.existsByTitleLike("Neuro%"));
    assertFalse(novels.existsByTitleLike("Neuro_"));
  }

  @Test
  void anAttributeWithoutIndexIsEvaluatedByTheMemoryDriver() {
    // pages has no @Index: the Memory driver evaluates the condition itself.
    assertEquals(
        List.of("Dune Messiah", "Persuasion", "Neuromancer"),
        titles(novels.findByPagesGreaterThanOrderByIsbn(300)));
  }

  @Test
  void booleansAndLimits() {
    assertEquals(
        List.of("Dune Messiah", "Persuasion"),
        titles(novels.findByInPrintTrueOrderByIsbn(Limit.range(2, 3))));
    assertEquals(List.of("Dune"), titles(novels.findByInPrintTrueOrderByIsbn(Limit.of(1))));
    assertEquals(1, novels.countByInPrintFalse());
  }

  @Test
  void firstAndSingleResults() {
    assertEquals("Dune", novels.findFirstByAuthorOrderByYearAsc("Herbert").orElseThrow().title());
    assertEquals(
        List.of("Neuromancer", "Dune Messiah"), titles(novels.findFirst2ByOrderByYearDesc()));
    assertEquals("3", novels.findByTitle("Emma").isbn());
    assertThrows(EmptyResultException.class, () -> novels.findByTitle("Ulysses"));
    assertEquals("Neuromancer", novels.findByAuthor("Gibson").orElseThrow().title());
    assertTrue(novels.findByAuthor("Joyce").isEmpty());
    assertThrows(NonUniqueResultException.class, () -> novels.findByAuthor("Austen"));
  }

  @Test
  void cursoredPagesGoForward() {
    CursoredPage<Novel> first =
        novels.findByYearGreaterThanOrderByYear(1800, PageRequest.ofSize(2));
    assertEquals(List.of("Emma", "Persuasion"), titles(first.content()));
    assertEquals(5, first.totalElements());
    List<String> all = new ArrayList<>(titles(first.content()));
    CursoredPage<Novel> page = first;
    while (page.hasNext()) {
      page = novels.findByYearGreaterThanOrderByYear(1800, page.nextPageRequest());
      all.addAll(titles(page.content()));
    }
    assertEquals(List.of("Emma", "Persuasion", "Dune", "Dune Messiah", "Neuromancer"), all);
    // From the cursor of an element: the ones after it.
    CursoredPage<Novel> afterEmma =
        novels.findByYearGreaterThanOrderByYear(
            1800, PageRequest.afterCursor(first.cursor(0), 1, 10, false));
    assertEquals(
        List.of("Persuasion", "Dune", "Dune Messiah", "Neuromancer"), titles(afterEmma.content()));
  }

  @Test
  void countExistsDelete() {
    assertEquals(2, novels.countByAuthor("Austen"));
    assertEquals(0, novels.countByAuthor("Joyce"));
    assertEquals(2, novels.deleteByYearLessThan(1900));
    assertEquals(0, novels.countByAuthor("Austen"));
    assertEquals(3, novels.findAll().count());
  }

  @Test
  void theRepositoryIndexFindsTheImplementation() {
    Novels found = osmos.repository(Novels.class);
    assertInstanceOf(Novels_.class, found);
    assertEquals("Dune", found.findById("1").orElseThrow().title());
  }

  @Test
  void theStaticMetamodelGivesTypeSafeSorts() {
    assertEquals("year", _Novel.YEAR);
    assertEquals(
        List.of("Neuromancer", "Dune Messiah", "Dune"),
        titles(novels.findByYearBetween(1900, 2000, _Novel.year.desc())));
    assertEquals(
        List.of("Emma", "Neuromancer", "Persuasion"),
        titles(
            novels.findByShelfIn(
                Set.of(Shelf.ARCHIVE, Shelf.MODERN), Order.by(_Novel.title.ascIgnoreCase()))));
  }

  @Test
  void jdqlQueries() {
    assertEquals(List.of("Dune Messiah"), titles(novels.byAuthorSince("Herbert", 1966)));
    assertEquals(3, novels.countOnOpenShelves());
    assertEquals(List.of("Emma", "Neuromancer"), titles(novels.outOfPrintOrDearerThan(10.0)));
    assertEquals(List.of("Neuromancer"), titles(novels.titledAn()));
    assertEquals(List.of("Emma", "Persuasion"), novels.titlesBy("Austen"));
    assertEquals(1984, novels.yearOf("Neuromancer").orElseThrow());
    assertTrue(novels.yearOf("Ulysses").isEmpty());
    assertEquals(1, novels.removeUnpriced());
    assertTrue(novels.findById("3").isEmpty());
  }
}
