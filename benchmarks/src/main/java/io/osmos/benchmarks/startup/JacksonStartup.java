package io.osmos.benchmarks.startup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.osmos.benchmarks.model.Order;
import io.osmos.benchmarks.model.Orders;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Start-up, baseline side: a fresh JVM that builds a jackson-databind mapper (configured as in the
 * codec benchmark), stores one order as JSON in a HashMap and reads it back.
 */
public final class JacksonStartup {
  private JacksonStartup() {}

  public static void main(String[] args) throws IOException {
    Order order = Orders.order(1, Orders.SMALL_LINES);
    ObjectMapper mapper =
        JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();
    Map<String, byte[]> store = new HashMap<>();
    store.put(order.id(), mapper.writeValueAsBytes(order));
    Order read = mapper.readValue(store.get(order.id()), Order.class);
    System.out.println(read.id() + " " + read.lines().size());
  }
}
