package io.osmos.benchmarks.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.osmos.benchmarks.codec.dsljson.DslJsonCodec;
import io.osmos.benchmarks.codec.dsljson.DslOrder;
import io.osmos.benchmarks.model.Order;
import io.osmos.benchmarks.model.Order_;
import io.osmos.benchmarks.model.Orders;
import io.osmos.codec.json.JsonFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The four sides of {@link CodecBenchmark} do the same work: same bytes out, same order back. */
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
    String reordered =
        "{" + json.substring(idEnd + 1, json.length() - 1) + "," + json.substring(1, idEnd) + "}";
    assertEquals(order, HandWrittenOrderCodec.decode(reordered.getBytes(StandardCharsets.UTF_8)));
  }

  @ParameterizedTest
  @ValueSource(ints = {Orders.SMALL_LINES, Orders.LARGE_LINES})
  void dslJsonWritesEquivalentJson(int lines) throws IOException {
    Order order = Orders.order(42, lines);
    byte[] osmos = JsonFormat.encode(Order_.MODEL, order);
    byte[] dsl = new DslJsonCodec().encode(DslJsonCodec.of(order));
    // the same document: same members with equal values (numbers compared as written)
    ObjectMapper mapper = new ObjectMapper();
    assertEquals(mapper.readTree(osmos), mapper.readTree(dsl));
    // and, as it happens, the same bytes, so both sides of a benchmark write as much
    assertEquals(
        new String(osmos, StandardCharsets.UTF_8), new String(dsl, StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(ints = {Orders.SMALL_LINES, Orders.LARGE_LINES})
  void dslJsonReadsBackEqualOrders(int lines) {
    Order order = Orders.order(42, lines);
    DslJsonCodec codec = new DslJsonCodec();
    DslOrder expected = DslJsonCodec.of(order);
    // what Osmos writes (the input of the decode benchmark) and what DSL-JSON writes
    DslOrder fromOsmos = codec.decode(JsonFormat.encode(Order_.MODEL, order));
    assertEquals(expected, fromOsmos);
    assertEquals(order, DslJsonCodec.toOrder(fromOsmos));
    assertEquals(expected, codec.decode(codec.encode(expected)));
    // the reused writer and reader carry nothing over from one call to the next
    Order other = Orders.order(7, 2);
    assertEquals(DslJsonCodec.of(other), codec.decode(codec.encode(DslJsonCodec.of(other))));
    assertEquals(expected, codec.decode(codec.encode(expected)));
  }
}
