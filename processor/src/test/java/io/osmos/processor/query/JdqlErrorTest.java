package io.osmos.processor.query;

import static io.osmos.processor.query.JdqlException.Reason.SYNTAX;
import static io.osmos.processor.query.JdqlException.Reason.UNSUPPORTED;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad queries: each error names the place (offset and length of the offending token, and the column
 * in the message), what was expected and what was found.
 */
class JdqlErrorTest {

  static Stream<Arguments> badQueries() {
    return Stream.of(
        bad(
            "SELECT title FROM Book WHERE price LIKEE 'x'",
            SYNTAX,
            35,
            5,
            "expected a comparison operator (=, <>, <, <=, >, >=), IS, BETWEEN, IN or LIKE after 'price' at column 36, found 'LIKEE'; did you mean LIKE?"),
        bad(
            "WHERE title = :t AND price = ?1",
            SYNTAX,
            29,
            2,
            "expected a named parameter after '=' at column 30, found '?1'; this query already uses the named parameter ':t' at column 15, and a query uses named or positional parameters, not both"),
        bad(
            "WHERE price = ?1 AND title = :t",
            SYNTAX,
            29,
            2,
            "expected a positional parameter after '=' at column 30, found ':t'; this query already uses the positional parameter '?1' at column 15, and a query uses named or positional parameters, not both"),
        bad(
            "WHERE title = 'abc",
            SYNTAX,
            14,
            4,
            "expected a closing quote (') for the string that starts at column 15, found the end of the query"),
        bad(
            "WHERE title != :t",
            SYNTAX,
            12,
            2,
            "expected a comparison operator (=, <>, <, <=, >, >=), IS, BETWEEN, IN or LIKE after 'title' at column 13, found '!='; JDQL writes 'not equal' as <>"),
        bad(
            "WHERE title == :t",
            SYNTAX,
            12,
            2,
            "expected a comparison operator (=, <>, <, <=, >, >=), IS, BETWEEN, IN or LIKE after 'title' at column 13, found '=='; JDQL writes 'equal' as ="),
        bad(
            "WHERE title = \"x\"",
            SYNTAX,
            14,
            1,
            "expected a parameter or a literal after '=' at column 15, found '\"'; JDQL strings are in single quotes"),
        bad(
            "WHERE price + 1 > :p",
            UNSUPPORTED,
            12,
            1,
            "'+' at column 13 is not supported: Osmos does not evaluate arithmetic or concatenation in a query; compute the value in Java and pass it as a parameter"),
        bad(
            "WHERE price > :p + 1",
            UNSUPPORTED,
            17,
            1,
            "'+' at column 18 is not supported: Osmos does not evaluate arithmetic or concatenation in a query; compute the value in Java and pass it as a parameter"),
        bad(
            "WHERE price > :p * 2 AND a = 1",
            UNSUPPORTED,
            17,
            1,
            "'*' at column 18 is not supported: Osmos does not evaluate arithmetic or concatenation in a query; compute the value in Java and pass it as a parameter"),
        bad(
            "WHERE title = NULL",
            SYNTAX,
            14,
            4,
            "expected a parameter or a literal after '=' at column 15, found 'NULL'; compare with NULL as 'title IS NULL'"),
        bad(
            "WHERE title <> NULL",
            SYNTAX,
            15,
            4,
            "expected a parameter or a literal after '<>' at column 16, found 'NULL'; compare with NULL as 'title IS NOT NULL'"),
        bad(
            "WHERE title = other",
            UNSUPPORTED,
            14,
            5,
            "'other' at column 15 is not supported: Osmos compares an attribute with a parameter or a literal, not with another attribute; an enum constant is written with its type, as Status.ACTIVE"),
        bad(
            "WHERE title = LOWER(:t)",
            UNSUPPORTED,
            14,
            5,
            "'LOWER' at column 15 is not supported: Osmos compares an attribute with a parameter or a literal, not with a function"),
        bad(
            "WHERE ABS(price) > 1",
            UNSUPPORTED,
            6,
            3,
            "'ABS' at column 7 is not supported: Osmos evaluates the functions LOWER(), UPPER(), ID(THIS) and COUNT(THIS) only"),
        bad(
            "WHERE foo(price) > 1",
            SYNTAX,
            6,
            3,
            "expected an attribute after 'WHERE' at column 7, found 'foo'; 'foo' is not a JDQL function"),
        bad(
            "WHERE LENGTH(title) > 1",
            UNSUPPORTED,
            6,
            6,
            "'LENGTH' at column 7 is not supported: Osmos evaluates the functions LOWER(), UPPER(), ID(THIS) and COUNT(THIS) only"),
        bad(
            "WHERE :a = :b",
            UNSUPPORTED,
            11,
            2,
            "':b' at column 12 is not supported: Osmos compares an attribute with a parameter or a literal, not two values"),
        bad(
            "WHERE :a LIKE title",
            UNSUPPORTED,
            6,
            2,
            "':a' at column 7 is not supported: Osmos reads LIKE with the attribute first"),
        bad(
            "WHERE",
            SYNTAX,
            5,
            0,
            "expected a condition (an attribute, a parameter, a literal, NOT or '(') after 'WHERE' at column 6, found the end of the query"),
        bad(
            "WHERE (a = 1",
            SYNTAX,
            12,
            0,
            "expected AND, OR or ')' after '1' at column 13, found the end of the query"),
        bad(
            "WHERE a = 1)",
            SYNTAX,
            11,
            1,
            "expected AND, OR, ORDER BY or the end of the query after '1' at column 12, found ')'"),
        bad(
            "WHERE a BETWEEN 1 OR 2",
            SYNTAX,
            18,
            2,
            "expected AND, as in BETWEEN :min AND :max, after '1' at column 19, found 'OR'"),
        bad(
            "WHERE a IN 1",
            SYNTAX,
            11,
            1,
            "expected '(' or a parameter after 'IN' at column 12, found '1'"),
        bad(
            "WHERE a IN ()",
            SYNTAX,
            12,
            1,
            "expected a parameter or a literal after '(' at column 13, found ')'"),
        bad(
            "WHERE a IN (1 2)",
            SYNTAX,
            14,
            1,
            "expected ',' or ')' after '1' at column 15, found '2'"),
        bad(
            "WHERE a LIKE title",
            SYNTAX,
            13,
            5,
            "expected a pattern (a string or a parameter) after 'LIKE' at column 14, found 'title'"),
        bad(
            "WHERE a LIKE 'x' ESCAPE 'ab'",
            SYNTAX,
            24,
            4,
            "expected one character in quotes, such as '\\', after 'ESCAPE' at column 25, found 'ab'"),
        bad(
            "WHERE a IS 3",
            SYNTAX,
            11,
            1,
            "expected NOT or NULL after 'IS' at column 12, found '3'"),
        bad("WHERE a IS NOT 3", SYNTAX, 15, 1, "expected NULL after 'NOT' at column 16, found '3'"),
        bad(
            "WHERE a NOT = 3",
            SYNTAX,
            12,
            1,
            "expected BETWEEN, IN or LIKE after 'NOT' at column 13, found '='"),
        bad(
            "WHERE a = ?0",
            SYNTAX,
            10,
            2,
            "expected a parameter position from 1 (?1, ?2, ...) after '=' at column 11, found '?0'"),
        bad(
            "WHERE a = ? 1",
            SYNTAX,
            10,
            1,
            "expected a parameter or a literal after '=' at column 11, found '?'; a parameter is written :name or ?1, with nothing in between"),
        bad(
            "WHERE a = : name",
            SYNTAX,
            10,
            1,
            "expected a parameter or a literal after '=' at column 11, found ':'; a parameter is written :name or ?1, with nothing in between"),
        bad(
            "WHERE a = 99999999999999999999",
            SYNTAX,
            10,
            20,
            "expected a whole number from -9223372036854775808 to 9223372036854775807 after '=' at column 11, found '99999999999999999999'"),
        bad(
            "WHERE a = 12abc",
            SYNTAX,
            10,
            5,
            "expected a parameter or a literal after '=' at column 11, found '12abc'"),
        bad(
            "WHERE a = 1 ORDER title",
            SYNTAX,
            18,
            5,
            "expected BY after 'ORDER' at column 19, found 'title'"),
        bad(
            "ORDER BY title ASC DESC",
            SYNTAX,
            19,
            4,
            "expected ',' or the end of the query after 'ASC' at column 20, found 'DESC'"),
        bad(
            "ORDER BY title, ",
            SYNTAX,
            16,
            0,
            "expected an attribute to sort on after ',' at column 17, found the end of the query"),
        bad(
            "ORDER BY title garbage",
            SYNTAX,
            15,
            7,
            "expected ASC, DESC, ',' or the end of the query after 'title' at column 16, found 'garbage'"),
        bad(
            "SELECT",
            SYNTAX,
            6,
            0,
            "expected an attribute, ID(THIS) or COUNT(THIS) after 'SELECT' at column 7, found the end of the query"),
        bad(
            "SELECT title, price",
            UNSUPPORTED,
            12,
            1,
            "',' at column 13 is not supported: Osmos selects the entity or one attribute, not several; select the entity and read the attributes from it"),
        bad(
            "SELECT LOWER(title)",
            UNSUPPORTED,
            7,
            5,
            "'LOWER' at column 8 is not supported: Osmos selects an attribute as stored; remove LOWER()"),
        bad(
            "SELECT COUNT(*)",
            SYNTAX,
            13,
            1,
            "expected THIS, as in COUNT(THIS), after '(' at column 14, found '*'; JDQL counts with COUNT(THIS)"),
        bad(
            "SELECT COUNT(title)",
            SYNTAX,
            13,
            5,
            "expected THIS, as in COUNT(THIS), after '(' at column 14, found 'title'"),
        bad(
            "SELECT title FROM",
            SYNTAX,
            17,
            0,
            "expected an entity name after 'FROM' at column 18, found the end of the query"),
        bad(
            "SELECT title FROM Book extra",
            SYNTAX,
            23,
            5,
            "expected WHERE, ORDER BY or the end of the query after 'Book' at column 24, found 'extra'"),
        bad(
            "FROM Book WHERE a = 1 extra",
            SYNTAX,
            22,
            5,
            "expected AND, OR, ORDER BY or the end of the query after '1' at column 23, found 'extra'"),
        bad("DELETE Book", SYNTAX, 7, 4, "expected FROM after 'DELETE' at column 8, found 'Book'"),
        bad(
            "DELETE FROM Book ORDER BY a",
            SYNTAX,
            17,
            5,
            "expected WHERE or the end of the query after 'Book' at column 18, found 'ORDER'"),
        bad(
            "UPDATE Book WHERE a = 1",
            SYNTAX,
            12,
            5,
            "expected SET after 'Book' at column 13, found 'WHERE'"),
        bad(
            "UPDATE Book SET a = b",
            UNSUPPORTED,
            20,
            1,
            "'b' at column 21 is not supported: Osmos sets an attribute to a parameter, a literal or NULL, or computes it from itself ('a = a + 1'), but does not copy another attribute; an enum constant is written with its type, as Status.ACTIVE"),
        bad(
            "UPDATE Book SET a = b + 1",
            UNSUPPORTED,
            20,
            1,
            "'b' at column 21 is not supported: an assignment computes an attribute from itself only: write 'a = a + ...'"),
        bad(
            "UPDATE Book SET a = a || 'x'",
            UNSUPPORTED,
            22,
            2,
            "'||' at column 23 is not supported: Osmos does not evaluate arithmetic or concatenation in a query; compute the value in Java and pass it as a parameter"),
        bad(
            "UPDATE Book SET a = :x + 1",
            UNSUPPORTED,
            23,
            1,
            "'+' at column 24 is not supported: Osmos does not evaluate arithmetic or concatenation in a query; compute the value in Java and pass it as a parameter"),
        bad(
            "UPDATE Book SET a = 1 b = 2",
            SYNTAX,
            22,
            1,
            "expected ',', WHERE or the end of the query after '1' at column 23, found 'b'"),
        bad(
            "WHERE a = LOCAL NOW",
            SYNTAX,
            16,
            3,
            "expected DATE, TIME or DATETIME after 'LOCAL' at column 17, found 'NOW'"),
        bad(
            "WHERE order = 1",
            SYNTAX,
            6,
            5,
            "expected a condition (an attribute, a parameter, a literal, NOT or '(') after 'WHERE' at column 7, found 'order'; 'order' is a reserved word of JDQL"),
        bad(
            "FROM select",
            SYNTAX,
            5,
            6,
            "expected an entity name after 'FROM' at column 6, found 'select'; 'select' is a reserved word of JDQL"),
        bad(
            "WHERE a.= 1",
            SYNTAX,
            8,
            1,
            "expected an attribute name after '.' at column 9, found '='"),
        bad(
            "WHERE this = 1",
            SYNTAX,
            11,
            1,
            "expected '.' and an attribute after 'this' at column 12, found '='"),
        bad(
            "WHERE a = 1\nAND b LIKEE 2",
            SYNTAX,
            18,
            5,
            "expected a comparison operator (=, <>, <, <=, >, >=), IS, BETWEEN, IN or LIKE after 'b' at line 2, column 7, found 'LIKEE'; did you mean LIKE?"),
        bad(
            "WHERE a = # ",
            SYNTAX,
            10,
            1,
            "expected a parameter or a literal after '=' at column 11, found '#'"),
        bad(
            "WHERE a = 'x' ESCAPE '!'",
            SYNTAX,
            14,
            6,
            "expected AND, OR, ORDER BY or the end of the query after 'x' at column 15, found 'ESCAPE'"),
        bad(
            "WHERE a = :p || 'x'",
            UNSUPPORTED,
            13,
            2,
            "'||' at column 14 is not supported: Osmos does not evaluate arithmetic or concatenation in a query; compute the value in Java and pass it as a parameter"),
        bad(
            "WHERE a = -:p",
            UNSUPPORTED,
            10,
            1,
            "'-' at column 11 is not supported: Osmos does not evaluate arithmetic or concatenation in a query; compute the value in Java and pass it as a parameter"),
        bad(
            "WHERE NOT",
            SYNTAX,
            9,
            0,
            "expected a condition (an attribute, a parameter, a literal, NOT or '(') after 'NOT' at column 10, found the end of the query"),
        bad(
            "WHERE a = 1 AND",
            SYNTAX,
            15,
            0,
            "expected a condition (an attribute, a parameter, a literal, NOT or '(') after 'AND' at column 16, found the end of the query"),
        bad(
            "WHERE a = TRUE = b",
            SYNTAX,
            15,
            1,
            "expected AND, OR, ORDER BY or the end of the query after 'TRUE' at column 16, found '='"),
        bad(
            "WHER a = 1",
            SYNTAX,
            0,
            4,
            "expected SELECT, FROM, WHERE, ORDER BY, DELETE, UPDATE or the end of the query at column 1, found 'WHER'; did you mean WHERE?"),
        bad(
            "ORDRE BY a",
            SYNTAX,
            0,
            5,
            "expected SELECT, FROM, WHERE, ORDER BY, DELETE, UPDATE or the end of the query at column 1, found 'ORDRE'; did you mean ORDER?"),
        bad(
            "WHERE a = 1 ORDR BY a",
            SYNTAX,
            12,
            4,
            "expected AND, OR, ORDER BY or the end of the query after '1' at column 13, found 'ORDR'; did you mean ORDER?"),
        bad(
            "FROM Book WERE a = 1",
            SYNTAX,
            10,
            4,
            "expected WHERE, ORDER BY or the end of the query after 'Book' at column 11, found 'WERE'; did you mean WHERE?"),
        bad(
            "WHERE a BETWEN 1 AND 2",
            SYNTAX,
            8,
            6,
            "expected a comparison operator (=, <>, <, <=, >, >=), IS, BETWEEN, IN or LIKE after 'a' at column 9, found 'BETWEN'; did you mean BETWEEN?"),
        bad(
            "SELECT title FORM Book",
            SYNTAX,
            13,
            4,
            "expected FROM, WHERE, ORDER BY or the end of the query after 'title' at column 14, found 'FORM'; did you mean FROM?"),
        bad(
            "WHERE a = *",
            SYNTAX,
            10,
            1,
            "expected a parameter or a literal after '=' at column 11, found '*'"),
        bad(
            "SELECT COUNT(THSI)",
            SYNTAX,
            13,
            4,
            "expected THIS, as in COUNT(THIS), after '(' at column 14, found 'THSI'; did you mean THIS?"),
        bad(
            "DELET FROM Book",
            SYNTAX,
            0,
            5,
            "expected SELECT, FROM, WHERE, ORDER BY, DELETE, UPDATE or the end of the query at column 1, found 'DELET'; did you mean DELETE?"),
        bad(
            "WHERE " + "(".repeat(101) + "a = 1" + ")".repeat(101),
            UNSUPPORTED,
            106,
            1,
            "'(' at column 107 is not supported: Osmos reads conditions nested at most 100 levels deep"),
        bad(
            "WHERE " + "NOT ".repeat(101) + "a = 1",
            UNSUPPORTED,
            406,
            3,
            "'NOT' at column 407 is not supported: Osmos reads conditions nested at most 100 levels deep"));
  }

  @Test
  void distinctIsJpqlNotJdql() {
    JdqlException e =
        assertThrows(
            JdqlException.class, () -> JdqlParser.parse("select distinct name from Person"));
    assertEquals(
        "'distinct' at column 8 is not supported: JDQL has no DISTINCT; select the attribute and"
            + " collect it into a Set",
        e.getMessage());
    assertEquals(UNSUPPORTED, e.reason());
  }

  private static Arguments bad(
      String jdql, JdqlException.Reason reason, int offset, int length, String message) {
    return Arguments.of(jdql, reason, offset, length, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badQueries")
  void reportsWhereAndWhat(
      String jdql, JdqlException.Reason reason, int offset, int length, String message) {
    JdqlException e = assertThrows(JdqlException.class, () -> JdqlParser.parse(jdql));
    assertAll(
        () -> assertEquals(message, e.getMessage()),
        () -> assertEquals(reason, e.reason()),
        () -> assertEquals(offset, e.offset(), "offset"),
        () -> assertEquals(length, e.length(), "length"),
        () -> assertEquals(new Span(offset, length), e.span()));
  }

  @Test
  void partsOfASyntaxError() {
    JdqlException e =
        assertThrows(
            JdqlException.class,
            () -> JdqlParser.parse("SELECT title FROM Book WHERE price LIKEE 'x'"));
    assertEquals(
        Optional.of("a comparison operator (=, <>, <, <=, >, >=), IS, BETWEEN, IN or LIKE"),
        e.expected());
    assertEquals("'LIKEE'", e.found());
    assertEquals("column 36", e.position());
    assertEquals(Optional.of("did you mean LIKE?"), e.hint());
  }

  @Test
  void aSyntaxErrorWithoutAHint() {
    JdqlException e = assertThrows(JdqlException.class, () -> JdqlParser.parse("WHERE a IN (1 2)"));
    assertEquals(Optional.empty(), e.hint());
    assertEquals(Optional.of("',' or ')'"), e.expected());
  }

  @Test
  void positionsInAQueryOfSeveralLines() {
    JdqlException e =
        assertThrows(
            JdqlException.class, () -> JdqlParser.parse("FROM Book\nWHERE title = 'abc\n"));
    assertEquals("line 2, column 15", e.position());
    assertEquals(new Span(24, 5), e.span());
  }

  @Test
  void partsOfAnErrorAtTheEnd() {
    JdqlException e = assertThrows(JdqlException.class, () -> JdqlParser.parse("WHERE a = 1 AND"));
    assertEquals("the end of the query", e.found());
    assertEquals(new Span(15, 0), e.span());
  }

  @Test
  void partsOfAnUnsupportedQuery() {
    JdqlException e =
        assertThrows(JdqlException.class, () -> JdqlParser.parse("WHERE price * 2 > :p"));
    assertEquals(UNSUPPORTED, e.reason());
    assertEquals("'*'", e.found());
    assertEquals("column 13", e.position());
    assertEquals(Optional.empty(), e.expected());
    assertEquals(
        Optional.of(
            "Osmos does not evaluate arithmetic or concatenation in a query; compute the value in"
                + " Java and pass it as a parameter"),
        e.hint());
    assertEquals(new Span(12, 1), e.span());
  }

  @Test
  void theFirstMistakeIsReported() {
    JdqlException e =
        assertThrows(
            JdqlException.class,
            () -> JdqlParser.parse("WHERE a == 1 AND b LIKEE 2 AND c = ?1 + :x"));
    assertEquals(SYNTAX, e.reason());
    assertEquals(8, e.offset());
  }
}
