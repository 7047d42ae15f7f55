package io.osmos.benchmarks.codec.dsljson;

import com.dslplatform.json.DslJson;
import com.dslplatform.json.JsonReader;
import com.dslplatform.json.JsonWriter;
import io.osmos.benchmarks.model.Address;
import io.osmos.benchmarks.model.Order;
import io.osmos.benchmarks.model.OrderLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The DSL-JSON peer: {@link DslOrder} through the converters DSL-JSON's annotation processor
 * generated, with one {@link JsonWriter} and one {@link JsonReader} reused for every call, as
 * DSL-JSON's own benchmarks use it. An instance holds that writer and reader: one per thread.
 */
public final class DslJsonCodec {
  /** Only the generated converters and DSL-JSON's built-in ones: no run-time analysis. */
  private static final DslJson<Object> DSL_JSON =
      new DslJson<>(new DslJson.Settings<>().includeServiceLoader());

  private static final JsonWriter.WriteObject<DslOrder> ORDER_WRITER =
      required(DSL_JSON.tryFindWriter(DslOrder.class), "writer");
  private static final JsonReader.ReadObject<DslOrder> ORDER_READER =
      required(DSL_JSON.tryFindReader(DslOrder.class), "reader");

  private final JsonWriter writer = DSL_JSON.newWriter();
  private final JsonReader<Object> reader = DSL_JSON.newReader();

  /** The order as UTF-8 JSON. */
  public byte[] encode(DslOrder order) {
    writer.reset();
    ORDER_WRITER.write(writer, order);
    return writer.toByteArray();
  }

  /** Reads an order from UTF-8 JSON. */
  public DslOrder decode(byte[] json) {
    try {
      reader.process(json, json.length);
      reader.getNextToken();
      return ORDER_READER.read(reader);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> T required(T converter, String what) {
    if (converter == null) {
      throw new IllegalStateException(
          "DSL-JSON has no "
              + what
              + " for DslOrder: its annotation"
              + " processor did not run (it must be on the compiler's annotationProcessorPaths)");
    }
    return converter;
  }

  /** The same order as a {@link DslOrder}. */
  public static DslOrder of(Order o) {
    List<DslOrderLine> lines = null;
    if (o.lines() != null) {
      lines = new ArrayList<>(o.lines().size());
      for (OrderLine l : o.lines()) {
        lines.add(new DslOrderLine(l.sku(), l.name(), l.quantity(), l.unitPrice()));
      }
    }
    Address a = o.shipTo();
    return new DslOrder(
        o.id(),
        o.customerId(),
        o.status(),
        a == null ? null : new DslAddress(a.street(), a.city(), a.postcode(), a.country()),
        lines,
        o.tags(),
        o.total(),
        o.placedAt(),
        o.revision());
  }

  /** The same order as an {@link Order}. */
  public static Order toOrder(DslOrder o) {
    List<OrderLine> lines = null;
    if (o.lines() != null) {
      lines = new ArrayList<>(o.lines().size());
      for (DslOrderLine l : o.lines()) {
        lines.add(new OrderLine(l.sku(), l.name(), l.quantity(), l.unitPrice()));
      }
    }
    DslAddress a = o.shipTo();
    return new Order(
        o.id(),
        o.customerId(),
        o.status(),
        a == null ? null : new Address(a.street(), a.city(), a.postcode(), a.country()),
        lines,
        o.tags(),
        o.total(),
        o.placedAt(),
        o.revision());
  }
}
