package io.osmos.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SqlNamesTest {
  @Test
  void namesAreQuotedAndChecked() {
    assertEquals("\"osmos\".\"a-b\"", SqlNames.qualified("osmos", "a-b"));
    assertEquals("\"we\"\"ird\"", SqlNames.quote("we\"ird"));
    assertThrows(IllegalArgumentException.class, () -> SqlNames.checkName("bucket", "a b"));
    assertThrows(IllegalArgumentException.class, () -> SqlNames.checkName("bucket", "x\"; --"));
    assertThrows(IllegalArgumentException.class, () -> SqlNames.quote("a\0b"));
    assertEquals("E'it''s \\\\ here'", SqlNames.literal("it's \\ here"));
  }

  @Test
  void longDerivedNamesAreCutWithAHashAndStayDistinct() {
    String bucket = "b".repeat(60);
    String a = SqlNames.derived(bucket, "email");
    String b = SqlNames.derived(bucket, "emails");
    assertTrue(a.getBytes(StandardCharsets.UTF_8).length <= 63, a);
    assertNotEquals(a, b, "two long names must not collide by truncation");
    assertEquals("people__email", SqlNames.derived("people", "email"));
    String unicode = SqlNames.derived("ключ".repeat(8), "поле");
    assertTrue(unicode.getBytes(StandardCharsets.UTF_8).length <= 63, unicode);
  }
}
