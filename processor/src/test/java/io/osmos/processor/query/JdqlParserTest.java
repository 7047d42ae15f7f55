package io.osmos.processor.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every construct of the JDQL subset, read into the canonical form of the plan. */
class JdqlParserTest {

  private static String plan(String jdql) {
    return JdqlParser.parse(jdql).toString();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        // statements and clauses
        "FROM Book                                      | FIND FROM Book",
        "WHERE title = :title                           | FIND WHERE title = :title",
        "ORDER BY title                                 | FIND ORDER BY title ASC",
        "SELECT title                                   | FIND SELECT title",
        "SELECT title FROM Book WHERE price > 5 ORDER BY title DESC"
            + " | FIND SELECT title FROM Book WHERE price > 5 ORDER BY title DESC",
        "SELECT address.city FROM Person                | FIND SELECT address.city FROM Person",
        "SELECT COUNT(THIS) FROM Book WHERE price < ?1  | COUNT FROM Book WHERE price < ?1",
        "select count(this) where price < ?1            | COUNT WHERE price < ?1",
        "SELECT ID(THIS) FROM Book                      | FIND SELECT id(this) FROM Book",
        "DELETE FROM Book                               | DELETE FROM Book",
        "DELETE FROM Book WHERE isbn = :isbn            | DELETE FROM Book WHERE isbn = :isbn",
        "UPDATE Book SET price = :price WHERE isbn = :isbn"
            + " | UPDATE Book SET price = :price WHERE isbn = :isbn",
        "UPDATE Book SET note = NULL, stock = stock - 1, price = price * 1.1, rank = rank + ?1,"
            + " half = half / 2 | UPDATE Book SET note = NULL, stock = stock - 1,"
            + " price = price * 1.1, rank = rank + ?1, half = half / 2",
        "UPDATE Book SET status = Status.SOLD           | UPDATE Book SET status = Status.SOLD",
        // keywords in any case, identifiers as written
        "sElEcT Title fRoM Book wHeRe Title LiKe 'a%' OrDeR bY Title dEsC"
            + " | FIND SELECT Title FROM Book WHERE Title LIKE 'a%' ORDER BY Title DESC",
        // comparisons, either way round
        "WHERE a = 1 AND b <> 2 AND c < 3 AND d <= 4 AND e > 5 AND f >= 6"
            + " | FIND WHERE (a = 1 AND b <> 2 AND c < 3 AND d <= 4 AND e > 5 AND f >= 6)",
        "WHERE :min < price                             | FIND WHERE price > :min",
        "WHERE 10 >= price                              | FIND WHERE price <= 10",
        "WHERE 'x' = title                              | FIND WHERE title = 'x'",
        "WHERE ?1 <> title                              | FIND WHERE title <> ?1",
        // BETWEEN, IN, LIKE, IS NULL and their negations
        "WHERE price BETWEEN :min AND :max              | FIND WHERE price BETWEEN :min AND :max",
        "WHERE price NOT BETWEEN 1 AND 2                | FIND WHERE NOT (price BETWEEN 1 AND 2)",
        "WHERE price BETWEEN 1 AND 2 AND a = 3          | FIND WHERE (price BETWEEN 1 AND 2 AND a = 3)",
        "WHERE status IN (Status.NEW, com.acme.Status.OLD, :s, 'x', 3)"
            + " | FIND WHERE status IN (Status.NEW, com.acme.Status.OLD, :s, 'x', 3)",
        "WHERE status NOT IN (?1)                       | FIND WHERE NOT (status IN (?1))",
        "WHERE status IN :statuses                      | FIND WHERE status IN (:statuses)",
        "WHERE title LIKE :p                            | FIND WHERE title LIKE :p",
        "WHERE title NOT LIKE '%x%'                     | FIND WHERE NOT (title LIKE '%x%')",
        "WHERE title LIKE '10\\%%' ESCAPE '\\'           | FIND WHERE title LIKE '10\\%%' ESCAPE '\\'",
        "WHERE note IS NULL                             | FIND WHERE note IS NULL",
        "WHERE note IS NOT NULL                         | FIND WHERE note IS NOT NULL",
        "WHERE note is not null                         | FIND WHERE note IS NOT NULL",
        // LOWER, UPPER, ID(THIS), paths, this.
        "WHERE LOWER(title) = :t                        | FIND WHERE LOWER(title) = :t",
        "WHERE upper(address.city) LIKE 'L%'            | FIND WHERE UPPER(address.city) LIKE 'L%'",
        "WHERE ID(THIS) = ?1                            | FIND WHERE id(this) = ?1",
        "WHERE id(this) IN (?1, ?2)                     | FIND WHERE id(this) IN (?1, ?2)",
        "WHERE this.title = :t                          | FIND WHERE title = :t",
        "WHERE address.city = :c                        | FIND WHERE address.city = :c",
        "WHERE a.b.c.d = 1                              | FIND WHERE a.b.c.d = 1",
        "ORDER BY LOWER(title) ASC, id(this) DESC, price | FIND ORDER BY LOWER(title) ASC, id(this) DESC, price ASC",
        // literals
        "WHERE a = 'it''s'                              | FIND WHERE a = 'it''s'",
        "WHERE a = ''                                   | FIND WHERE a = ''",
        "WHERE a = 42                                   | FIND WHERE a = 42",
        "WHERE a = 42L                                  | FIND WHERE a = 42",
        "WHERE a = -42                                  | FIND WHERE a = -42",
        "WHERE a = +42                                  | FIND WHERE a = 42",
        "WHERE a = 1_000_000                            | FIND WHERE a = 1000000",
        "WHERE a = 9223372036854775807                  | FIND WHERE a = 9223372036854775807",
        "WHERE a = -9223372036854775808                 | FIND WHERE a = -9223372036854775808",
        "WHERE a = 9.99                                 | FIND WHERE a = 9.99",
        "WHERE a = -0.50                                | FIND WHERE a = -0.50",
        "WHERE a = 1e3                                  | FIND WHERE a = 1000",
        "WHERE a = 1.5E-2                               | FIND WHERE a = 0.015",
        "WHERE a = 2.5f                                 | FIND WHERE a = 2.5",
        "WHERE a = 2d                                   | FIND WHERE a = 2",
        "WHERE a = .5                                   | FIND WHERE a = 0.5",
        "WHERE a = TRUE AND b = false                   | FIND WHERE (a = TRUE AND b = FALSE)",
        "WHERE a = Status.ACTIVE                        | FIND WHERE a = Status.ACTIVE",
        "WHERE a <> java.time.DayOfWeek.MONDAY          | FIND WHERE a <> java.time.DayOfWeek.MONDAY",
        "WHERE a < LOCAL DATE AND b < local time AND c < LOCAL DATETIME"
            + " | FIND WHERE (a < LOCAL DATE AND b < LOCAL TIME AND c < LOCAL DATETIME)",
        // parameters
        "WHERE a = :a AND b = :b_2 AND c = :a           | FIND WHERE (a = :a AND b = :b_2 AND c = :a)",
        "WHERE a = ?1 AND b = ?2 AND c = ?10            | FIND WHERE (a = ?1 AND b = ?2 AND c = ?10)",
      })
  void readsConstruct(String jdql, String canonical) {
    assertEquals(canonical, plan(jdql));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // NOT binds tighter than AND, AND tighter than OR
        "WHERE a = 1 OR b = 2 AND c = 3              | FIND WHERE (a = 1 OR (b = 2 AND c = 3))",
        "WHERE a = 1 AND b = 2 OR c = 3              | FIND WHERE ((a = 1 AND b = 2) OR c = 3)",
        "WHERE NOT a = 1 AND b = 2                   | FIND WHERE (NOT (a = 1) AND b = 2)",
        "WHERE NOT a = 1 OR b = 2                    | FIND WHERE (NOT (a = 1) OR b = 2)",
        "WHERE a = 1 OR NOT b = 2 AND c = 3          | FIND WHERE (a = 1 OR (NOT (b = 2) AND c = 3))",
        "WHERE NOT NOT a = 1                         | FIND WHERE NOT (NOT (a = 1))",
        // parentheses override
        "WHERE (a = 1 OR b = 2) AND c = 3            | FIND WHERE ((a = 1 OR b = 2) AND c = 3)",
        "WHERE NOT (a = 1 AND b = 2)                 | FIND WHERE NOT (a = 1 AND b = 2)",
        "WHERE NOT (a = 1 OR b = 2) OR c = 3         | FIND WHERE (NOT (a = 1 OR b = 2) OR c = 3)",
        "WHERE ((a = 1))                             | FIND WHERE a = 1",
        // chains of one operator are flattened, groups of the same operator too
        "WHERE a = 1 OR b = 2 OR c = 3 OR d = 4      | FIND WHERE (a = 1 OR b = 2 OR c = 3 OR d = 4)",
        "WHERE a = 1 AND (b = 2 AND c = 3)           | FIND WHERE (a = 1 AND b = 2 AND c = 3)",
        "WHERE (a = 1 OR b = 2) OR (c = 3 OR d = 4)  | FIND WHERE (a = 1 OR b = 2 OR c = 3 OR d = 4)",
        "WHERE a = 1 AND (b = 2 OR c = 3) AND d = 4  | FIND WHERE (a = 1 AND (b = 2 OR c = 3) AND d = 4)",
        // BETWEEN's AND is not the logical AND
        "WHERE a BETWEEN 1 AND 2 OR b BETWEEN 3 AND 4 | FIND WHERE (a BETWEEN 1 AND 2 OR b BETWEEN 3 AND 4)",
        "WHERE NOT a BETWEEN 1 AND 2 AND b = 3       | FIND WHERE (NOT (a BETWEEN 1 AND 2) AND b = 3)",
      })
  void precedence(String jdql, String canonical) {
    assertEquals(canonical, plan(jdql));
  }

  @Test
  void theDocumentedExamplesRead() {
    assertEquals(
        "FIND WHERE (price < :max AND LOWER(title) LIKE :pattern) ORDER BY price DESC",
        plan("WHERE price < :max AND LOWER(title) LIKE :pattern ORDER BY price DESC"));
    assertEquals(
        "FIND SELECT title WHERE status IN (Status.NEW, Status.REPRINT) ORDER BY title ASC",
        plan("SELECT title WHERE status IN (Status.NEW, Status.REPRINT) ORDER BY title"));
    assertEquals("COUNT WHERE author.name = ?1", plan("SELECT COUNT(THIS) WHERE author.name = ?1"));
    assertEquals(
        "DELETE FROM Book WHERE (stock = 0 AND status <> Status.NEW)",
        plan("DELETE FROM Book WHERE stock = 0 AND status <> Status.NEW"));
    assertEquals(
        "UPDATE Book SET stock = stock - :n WHERE id(this) = :isbn",
        plan("UPDATE Book SET stock = stock - :n WHERE id(this) = :isbn"));
    assertEquals(
        "FIND WHERE code LIKE 'A\\_%' ESCAPE '\\'", plan("WHERE code LIKE 'A\\_%' ESCAPE '\\'"));
  }

  @Test
  void queriesOfTheKindsJakartaDataConformanceTestsWrite() {
    assertEquals("FIND", plan(" "));
    assertEquals(
        "FIND WHERE kind = com.example.Shape.Kind.ROUND",
        plan("WHERE kind = com.example.Shape.Kind.ROUND"));
    assertEquals(
        "FIND WHERE (note <> 'ORDER BY in a literal isn''t a clause' AND code IN ('a', ?1))",
        plan("WHERE note <> 'ORDER BY in a literal isn''t a clause' AND code IN ('a', ?1)"));
    assertEquals(
        "FIND SELECT thisName WHERE (code LIKE 'x_' AND NOT (code LIKE '%y')"
            + " AND NOT (thisName IN ('A', 'B')) AND NOT (id BETWEEN 3 AND 9)) ORDER BY id ASC",
        plan(
            "select thisName where code like 'x_' and code not like '%y' and thisName not in"
                + " ('A', 'B') and id not between 3 and 9 order by id asc"));
    assertEquals(
        "DELETE FROM Point WHERE (x > 0.0 AND y > 0.0)",
        plan("DELETE FROM Point WHERE x > 0.0d AND y > 0.0f"));
    assertEquals(
        "UPDATE Crate SET depth = depth + ?1, span = span - ?1, tall = tall * ?2",
        plan("UPDATE Crate SET depth = depth + ?1, span = span - ?1, tall = tall * ?2"));
  }

  @Test
  void conditionsNestOneHundredLevelsDeep() {
    assertEquals("FIND WHERE a = 1", plan("WHERE " + "(".repeat(100) + "a = 1" + ")".repeat(100)));
    assertEquals(
        "FIND WHERE " + "NOT (".repeat(100) + "a = 1" + ")".repeat(100),
        plan("WHERE " + "NOT ".repeat(100) + "a = 1"));
  }

  @Test
  void anEmptyQueryFindsEverything() {
    assertEquals("FIND", plan(""));
    assertEquals("FIND", plan(" \n\t"));
  }

  @Test
  void whitespaceAndLinesDoNotMatter() {
    assertEquals(
        "FIND FROM Book WHERE (price < :max AND title LIKE :t) ORDER BY title ASC",
        plan("\n  FROM Book\r\n\tWHERE price<:max\fAND title LIKE :t\n  ORDER BY title\n"));
  }

  @Test
  void recordsTheSpanOfEachPiece() {
    String q =
        "SELECT title FROM Book WHERE LOWER(title) LIKE :t ESCAPE '!' OR price NOT IN (1, 2) ORDER BY price DESC";
    QueryPlan p = JdqlParser.parse(q);
    assertEquals("title", text(q, p.selection().get().span()));
    assertEquals("Book", text(q, p.entity().get().span()));
    Condition.Or or = (Condition.Or) p.where().get();
    assertEquals("LOWER(title) LIKE :t ESCAPE '!' OR price NOT IN (1, 2)", text(q, or.span()));
    Condition.Like like = (Condition.Like) or.operands().get(0);
    assertEquals("LOWER(title) LIKE :t ESCAPE '!'", text(q, like.span()));
    assertEquals("LOWER(title)", text(q, like.attribute().span()));
    assertEquals("title", text(q, like.attribute().path().span()));
    assertEquals(":t", text(q, like.operand().span()));
    assertEquals(Optional.of('!'), like.escape());
    Condition.Not not = (Condition.Not) or.operands().get(1);
    assertEquals("price NOT IN (1, 2)", text(q, not.span()));
    Condition.In in = (Condition.In) not.operand();
    assertEquals("2", text(q, in.values().get(1).span()));
    assertEquals("price DESC", text(q, p.orderBy().get(0).span()));
    assertEquals(new Span(0, q.length()), p.span());
  }

  @Test
  void spansCoverSignsParenthesesAndMirroredComparisons() {
    String q = "WHERE NOT (a = -5 OR b = 2) AND ?1 < c.d AND e < LOCAL DATE";
    Condition.And and = (Condition.And) JdqlParser.parse(q).where().get();
    Condition.Not not = (Condition.Not) and.operands().get(0);
    assertEquals("NOT (a = -5 OR b = 2)", text(q, not.span()));
    assertEquals("(a = -5 OR b = 2)", text(q, not.operand().span()));
    Condition.Compare neg = (Condition.Compare) ((Condition.Or) not.operand()).operands().get(0);
    assertEquals("-5", text(q, neg.operand().span()));
    Condition.Compare mirrored = (Condition.Compare) and.operands().get(1);
    assertEquals("?1 < c.d", text(q, mirrored.span()));
    assertEquals("c.d", text(q, mirrored.attribute().span()));
    assertEquals(Condition.Operator.GREATER_THAN, mirrored.operator());
    assertEquals(
        "LOCAL DATE", text(q, ((Condition.Compare) and.operands().get(2)).operand().span()));
  }

  @Test
  void spansOfUpdates() {
    String q = "UPDATE Book SET stock = stock - :n, note = NULL";
    QueryPlan p = JdqlParser.parse(q);
    assertEquals("stock = stock - :n", text(q, p.assignments().get(0).span()));
    assertEquals("note = NULL", text(q, p.assignments().get(1).span()));
    assertEquals(Assignment.Change.SUBTRACT, p.assignments().get(0).change());
  }

  @Test
  void literalValues() {
    Condition.In in =
        (Condition.In)
            JdqlParser.parse("WHERE a IN ('it''s', 7, 7L, 2.50, TRUE, x.y.Z, -1e2)").where().get();
    assertEquals(
        List.of(
            new Operand.StringLiteral("it's", new Span(12, 7)),
            new Operand.IntegerLiteral(7, new Span(21, 1)),
            new Operand.IntegerLiteral(7, new Span(24, 2)),
            new Operand.DecimalLiteral(new BigDecimal("2.50"), new Span(28, 4)),
            new Operand.BooleanLiteral(true, new Span(34, 4)),
            new Operand.EnumLiteral("x.y", "Z", new Span(40, 5)),
            new Operand.DecimalLiteral(new BigDecimal("-1e2"), new Span(47, 4))),
        in.values());
  }

  @Test
  void identifierAndFolds() {
    QueryPlan p = JdqlParser.parse("SELECT id(this) WHERE UPPER(name) = 'A' ORDER BY LOWER(name)");
    assertTrue(p.selection().get().isIdentifier());
    Condition.Compare c = (Condition.Compare) p.where().get();
    assertEquals(CaseFold.UPPER, c.attribute().fold());
    assertEquals(CaseFold.LOWER, p.orderBy().get(0).attribute().fold());
  }

  private static String text(String q, Span s) {
    return q.substring(s.offset(), s.end());
  }
}
