package io.osmos.codec.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.codec.Codecs;
import io.osmos.codec.ValueCodec;
import io.osmos.exceptions.DecodeException;
import io.osmos.memory.fixtures.Account;
import io.osmos.memory.fixtures.Account_;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link TreeFormat} on a generated model (on values: TreeFormatTest, in the runtime). */
class TreeFormatModelTest {
  @Test
  void aModelBecomesAnOrderedMapOfTypedLeaves() {
    Account a = new Account("k", "a@x.org", 3, 1.5, null, "n", List.of("t1", "t2"), 7);
    Map<String, Object> tree = TreeFormat.encode(Account_.MODEL, a);
    assertEquals(
        List.of("id", "email", "visits", "score", "points", "note", "tags", "version"),
        new ArrayList<>(tree.keySet()));
    assertEquals(3L, tree.get("visits"));
    assertEquals(1.5, tree.get("score"));
    assertNull(tree.get("points"));
    assertTrue(tree.containsKey("points"));
    assertEquals(List.of("t1", "t2"), tree.get("tags"));
    assertEquals(7L, tree.get("version"));
    assertEquals(a, TreeFormat.decode(Account_.MODEL, tree));
  }

  @Test
  void errorsNameTheNestedPath() {
    ValueCodec<Map<String, List<Integer>>> codec = Codecs.map(Codecs.list(Codecs.INT));
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("a", List.of(1L, 2L));
    tree.put("b", List.of(1L, 2L, "x"));
    DecodeException e =
        assertThrows(DecodeException.class, () -> TreeFormat.decodeValue(codec, tree, "scores"));
    assertEquals("scores.b[2]", e.path());

    Map<String, Object> account =
        TreeFormat.encode(Account_.MODEL, Account.of("a@x.org", 1).withId("k"));
    account.put("tags", "not a list");
    DecodeException tags =
        assertThrows(DecodeException.class, () -> TreeFormat.decode(Account_.MODEL, account));
    assertEquals("tags", tags.path());
    assertEquals("an array", tags.expected());
    account.put("tags", null);
    account.put("visits", null);
    DecodeException visits =
        assertThrows(DecodeException.class, () -> TreeFormat.decode(Account_.MODEL, account));
    assertEquals("cannot decode field 'visits': expected int but found null", visits.getMessage());
  }
}
