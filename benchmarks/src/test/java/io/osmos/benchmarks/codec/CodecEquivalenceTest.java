package io.osmos.benchmarks.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.osmos.benchmarks.model.Order;
import io.osmos.benchmarks.model.Order_;
import io.osmos.benchmarks.model.Orders;
import io.osmos.codec.json.JsonFormat;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The three sides of {@link CodecBenchmark} do the same work: same bytes out, same order back. */
class CodecEquivalenceTest {
  @ParameterizedTest
  @ValueSource(ints = {Orders.SMALL_LINES, Orders.LARGE_LINES})
  void allThreeWriteTheSameJson(int lines) {
    Order order = Orders.order(42, lines);
    String osmos = new String(JsonFormat.encode(Order_.MODEL, order), StandardCharsets.UTF_8);
    assertEquals(osmos, new String(DatabindCodec.encode(order), StandardCharsets.UTF_8));
    assertEquals(osmos, new String(HandWrittenOrderCodec.encode(order), StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(ints = {Orders.SMALL_LINES, Orders.LARGE_LINES})
  void allThreeReadBackTheSameOrder(int lines) {
    Order order = Orders.order(42, lines);
    byte[] json = JsonFormat.encode(Order_.MODEL, order);
    assertEquals(order, JsonFormat.decode(Order_.MODEL, json));
    assertEquals(order, DatabindCodec.decode(json));
    assertEquals(order, HandWrittenOrderCodec.decode(json));
  }

  @ParameterizedTest
  @ValueSource(ints = {Orders.SMALL_LINES, Orders.LARGE_LINES})
  void documentsHaveTheAdvertisedSize(int lines) {
    int size = JsonFormat.encode(Order_.MODEL, Orders.order(42, lines)).length;
    int target = lines == Orders.SMALL_LINES ? 1024 : 10 * 1024;
    assertEquals(target, size, target * 0.15, "size of the " + lines + "-line document");
  }

  @org.junit.jupiter.api.Test
  void handWrittenReadsFieldsInAnyOrder() {
    Order order = Orders.order(7, 2);
    String json = new String(JsonFormat.encode(Order_.MODEL, order), StandardCharsets.UTF_8);
    // move "id" to the end: the fast path fails at once, the slow path reads by name
    int idEnd = json.indexOf(",\"customerId\"");
    String reordered = "{" + json.substring(idEnd + 1, json.length() - 1) + ","
        + json.substring(1, idEnd) + "}";
    assertEquals(order, HandWrittenOrderCodec.decode(reordered.getBytes(StandardCharsets.UTF_8)));
  }
}
