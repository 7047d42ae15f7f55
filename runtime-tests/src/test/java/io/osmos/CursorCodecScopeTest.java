package io.osmos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.osmos.exceptions.InvalidCursorException;
import io.osmos.memory.fixtures.Account_;
import io.osmos.memory.fixtures.RenamedSchema;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scope a cursor is bound to, for a model's schema (the codec itself: CursorCodecTest). */
class CursorCodecScopeTest {
  private final CursorCodec codec = new CursorCodec("secret".getBytes(StandardCharsets.UTF_8));

  @Test
  void aScopeNamesTheDriverAndTheModelInPartsThatCannotPassForEachOther() {
    String scope = CursorCodec.scope("find", "db", Account_.MODEL, "age>=18");
    assertEquals(
        List.of(scope),
        List.of(CursorCodec.scope("find", "db", Account_.MODEL, "age>=18")),
        "the same scope every time");
    for (String other :
        List.of(
            CursorCodec.scope("find", "replica", Account_.MODEL, "age>=18"),
            CursorCodec.scope(
                "find", "db", RenamedSchema.named(Account_.MODEL, "Customer"), "age>=18"),
            CursorCodec.scope(
                "find", "db", RenamedSchema.inBucket(Account_.MODEL, "people"), "age>=18"),
            CursorCodec.scope("stream-find", "db", Account_.MODEL, "age>=18"),
            // Characters moved from one part to the next.
            CursorCodec.scope("find", "db4", Account_.MODEL, "age>=18"),
            CursorCodec.scope("find", "d", Account_.MODEL, "age>=18"))) {
      String cursor = codec.encode(scope, 1, new byte[] {1});
      assertThrows(InvalidCursorException.class, () -> codec.decode(other, cursor), other);
    }
  }
}
