package io.osmos.processor.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MethodNameParserTest {
  private static final Set<String> ATTRIBUTES =
      Set.of("title", "price", "author", "loggedIn", "orderDate", "address.city", "inStock");

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "findByTitle | FIND WHERE title = ?1",
        "findBooksByTitle | FIND WHERE title = ?1",
        "findByTitleAndPriceLessThan | FIND WHERE (title = ?1 AND price < ?2)",
        "findByTitleOrAuthorAndPriceGreaterThanEqual"
            + " | FIND WHERE (title = ?1 OR (author = ?2 AND price >= ?3))",
        "findByPriceBetween | FIND WHERE price BETWEEN ?1 AND ?2",
        "findByPriceNotBetween | FIND WHERE NOT (price BETWEEN ?1 AND ?2)",
        "findByAuthorIn | FIND WHERE author IN (?1)",
        "findByAuthorNotIn | FIND WHERE NOT (author IN (?1))",
        "findByTitleLike | FIND WHERE title LIKE ?1",
        "findByTitleStartsWith | FIND WHERE title STARTS_WITH ?1",
        "findByTitleEndsWith | FIND WHERE title ENDS_WITH ?1",
        "findByTitleContainsIgnoreCase | FIND WHERE IGNORE_CASE(title) CONTAINS ?1",
        "findByTitleIgnoreCaseNotLike | FIND WHERE NOT (IGNORE_CASE(title) LIKE ?1)",
        "findByTitleIgnoreCase | FIND WHERE IGNORE_CASE(title) = ?1",
        "findByTitleNot | FIND WHERE title <> ?1",
        "findByAuthorNull | FIND WHERE author IS NULL",
        "findByAuthorNotNull | FIND WHERE author IS NOT NULL",
        "findByInStockTrue | FIND WHERE inStock = TRUE",
        "findByInStockFalse | FIND WHERE inStock = FALSE",
        "findByLoggedIn | FIND WHERE loggedIn = ?1",
        "findByOrderDate | FIND WHERE orderDate = ?1",
        "findByAddress_City | FIND WHERE address.city = ?1",
        "findByAuthorOrderByTitle | FIND WHERE author = ?1 ORDER BY title ASC",
        "findByAuthorOrderByPriceDescTitleAsc"
            + " | FIND WHERE author = ?1 ORDER BY price DESC, title ASC",
        "findAllOrderByTitleDesc | FIND ORDER BY title DESC",
        "findFirstByAuthorOrderByPrice | FIND WHERE author = ?1 ORDER BY price ASC FIRST 1",
        "findFirst3ByAuthor | FIND WHERE author = ?1 FIRST 3",
        "countByAuthor | COUNT WHERE author = ?1",
        "existsByTitle | EXISTS WHERE title = ?1",
        "deleteByAuthor | DELETE WHERE author = ?1",
        "countAll | COUNT",
        "findFirst2ByOrderByYearDesc | FIND ORDER BY year DESC FIRST 2",
      })
  void readsNames(String name, String plan) throws Exception {
    assertEquals(plan, MethodNameParser.parse(name, ATTRIBUTES::contains).toString());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "findBy | nothing follows By: name the attribute to test, e.g. findByTitle | 4",
        "findByTitleAnd | And must stand between two conditions | 11",
        "findByOrderBy | nothing follows OrderBy: name the attribute to sort on,"
            + " e.g. OrderByTitleAsc | 6",
        "findByTitleOrderBy | nothing follows OrderBy: name the attribute to sort on,"
            + " e.g. OrderByTitleAsc | 11",
        "countByTitleOrderByPrice | only find methods are ordered | 12",
        "findFirst0ByTitle | First takes a number from 1 up | 9",
      })
  void reportsWhereANameIsWrong(String name, String message, int offset) {
    MethodNameParser.MethodNameException e =
        assertThrows(
            MethodNameParser.MethodNameException.class,
            () -> MethodNameParser.parse(name, ATTRIBUTES::contains));
    assertEquals(message, e.getMessage());
    assertEquals(offset, e.span().offset());
  }
}
