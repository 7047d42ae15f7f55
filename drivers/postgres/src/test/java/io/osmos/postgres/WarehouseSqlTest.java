package io.osmos.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.osmos.exceptions.UnsupportedQueryException;
import java.util.List;
import org.junit.jupiter.api.Test;

class WarehouseSqlTest {
  @Test
  void oneStatementIsKeptWithoutTrailingSemicolons() {
    assertEquals("SELECT 1", WarehouseSql.single("  SELECT 1 ;; \n -- done\n /* end */"));
    for (String sql :
        List.of(
            "SELECT ';' AS x",
            "SELECT \"a;b\" FROM t",
            "SELECT E'it\\'s;' AS x",
            "SELECT $$ ; ) $$",
            "SELECT $tag$ ;'( $tag$",
            "SELECT 1 -- ; )\n",
            "SELECT /* ; /* nested ) */ ; */ 1",
            "SELECT a$b FROM t",
            "SELECT (1 + (2))",
            "SELECT 'it''s; )'",
            "SELECT $€$ ; ) $€$ AS x",
            "SELECT $é_1$ ; $é_1$",
            "SELECT 1 AS €$x$, 2 AS x€$y")) {
      assertEquals(sql.strip(), WarehouseSql.single(sql), sql);
    }
  }

  @Test
  void moreThanOneStatementOrUnbalancedTextIsRejected() {
    for (String sql :
        List.of(
            "SELECT 1; SELECT 2",
            "SELECT 1; DROP TABLE t",
            "SELECT 1) q; DROP TABLE t; SELECT (1",
            "SELECT (1",
            "SELECT 'open",
            "SELECT \"open",
            "SELECT $a$ open",
            "SELECT /* open",
            "SELECT E'\\'; DROP TABLE t",
            "",
            "   ",
            // PostgreSQL reads €$x$ as one identifier, not as the start of a dollar quote.
            "SELECT 1 AS €$x$) AS q; DROP TABLE t; SELECT * FROM (SELECT 1 AS €$x$",
            "SELECT 1 AS é$x$; DROP TABLE t; SELECT $x$")) {
      assertThrows(UnsupportedQueryException.class, () -> WarehouseSql.single(sql), sql);
    }
  }
}
