package io.osmos.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.codec.CodecLimits;
import io.osmos.exceptions.LimitExceededException;
import io.osmos.validation.Violations;
import org.junit.jupiter.api.Test;

class ViolationsTest {
  @Test
  void checksOfDeeplyNestedValuesStopAtTheDepthEveryFormatStores() {
    // It stopped at 64 levels with an IllegalStateException, far short of what formats store.
    Violations v = new Violations();
    for (int i = 0; i < CodecLimits.MAX_DEPTH; i++) {
      v.push("child");
    }
    v.add("must not be null", null);
    assertEquals(1, v.list().size());
    LimitExceededException e = assertThrows(LimitExceededException.class, () -> v.push("child"));
    assertTrue(e.getMessage().contains("nested more than 1000 deep"), e.getMessage());
    assertTrue(e.getMessage().length() < 400, e.getMessage());
    for (int i = 0; i < CodecLimits.MAX_DEPTH; i++) {
      v.pop();
    }
    v.pushIndex(3).pushKey("k").add("bad", null);
    assertEquals("[3][\"k\"]", v.list().get(1).path());
  }
}
