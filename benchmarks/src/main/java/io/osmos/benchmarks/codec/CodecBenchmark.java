package io.osmos.benchmarks.codec;

import io.osmos.benchmarks.codec.dsljson.DslJsonCodec;
import io.osmos.benchmarks.codec.dsljson.DslOrder;
import io.osmos.benchmarks.model.Order;
import io.osmos.benchmarks.model.Order_;
import io.osmos.benchmarks.model.Orders;
import io.osmos.codec.json.JsonFormat;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Encoding and decoding one {@link Order} to and from UTF-8 JSON: Osmos's generated codec through
 * {@link JsonFormat}, jackson-databind, a hand-written jackson-core codec, and DSL-JSON's generated
 * converter of the same order as a {@link DslOrder}. All four write the same bytes (checked by the
 * module's tests), and all four decode the bytes Osmos writes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CodecBenchmark {
  /** {@code 1kb}: 9 lines, 1.0 KB of JSON; {@code 10kb}: 120 lines, 10 KB. */
  @Param({"1kb", "10kb"})
  public String size;

  private Order order;
  private DslOrder dslOrder;
  private byte[] json;

  /** DSL-JSON's writer and reader, reused by one thread (as DSL-JSON's own benchmarks do). */
  @State(Scope.Thread)
  public static class DslJsonThread {
    final DslJsonCodec codec = new DslJsonCodec();
  }

  @Setup
  public void setUp() {
    order = Orders.order(42, size.equals("1kb") ? Orders.SMALL_LINES : Orders.LARGE_LINES);
    dslOrder = DslJsonCodec.of(order);
    json = JsonFormat.encode(Order_.MODEL, order);
  }

  @Benchmark
  public byte[] encodeOsmos() {
    return JsonFormat.encode(Order_.MODEL, order);
  }

  @Benchmark
  public byte[] encodeDatabind() {
    return DatabindCodec.encode(order);
  }

  @Benchmark
  public byte[] encodeHandWritten() {
    return HandWrittenOrderCodec.encode(order);
  }

  @Benchmark
  public byte[] encodeDslJson(DslJsonThread dsl) {
    return dsl.codec.encode(dslOrder);
  }

  @Benchmark
  public Order decodeOsmos() {
    return JsonFormat.decode(Order_.MODEL, json);
  }

  @Benchmark
  public Order decodeDatabind() {
    return DatabindCodec.decode(json);
  }

  @Benchmark
  public Order decodeHandWritten() {
    return HandWrittenOrderCodec.decode(json);
  }

  @Benchmark
  public DslOrder decodeDslJson(DslJsonThread dsl) {
    return dsl.codec.decode(json);
  }
}
