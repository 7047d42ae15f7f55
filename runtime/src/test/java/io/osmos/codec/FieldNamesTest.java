package io.osmos.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Former names in a table: indexes after the fields, each mapped back to its field. */
class FieldNamesTest {
  private final FieldNames names =
      FieldNames.of("id", "fullName", "age").withAlias("name", 1).withAlias("displayName", 1);

  @Test
  void aliasesFollowTheFieldsAndNameTheirField() {
    assertEquals(3, names.fields());
    assertEquals(5, names.size());
    assertEquals(3, names.indexOf("name"));
    assertEquals(4, names.indexOf("displayName"));
    assertEquals("name", names.name(3).value());
    assertEquals(1, names.field(3));
    assertEquals(1, names.field(4));
    assertEquals(2, names.field(2));
    assertEquals(-1, names.indexOf("nickname"));
  }

  @Test
  void anAliasMustNameAFieldAndBeNew() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> names.withAlias("x", 3));
    assertTrue(
        e.getMessage().contains("alias \"x\" names field 3, but the table has 3"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> names.withAlias("age", 1));
  }

  @Test
  void aFieldPathUnderTheRootIsTheNameAlone() {
    assertEquals("zip", FieldPath.child(FieldPath.ROOT, "zip"));
    assertEquals("home.zip", FieldPath.child("home", "zip"));
    assertEquals("lines[2].sku", FieldPath.child("lines[2]", "sku"));
    assertEquals("home[\"a b\"]", FieldPath.child("home", "a b"));
  }
}
