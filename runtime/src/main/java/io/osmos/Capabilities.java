package io.osmos;

import io.osmos.spi.ChangeFeed;
import io.osmos.spi.DocumentStore;
import io.osmos.spi.Driver;
import io.osmos.spi.LookupService;
import io.osmos.spi.MessageQueue;
import io.osmos.spi.WarehouseService;
import java.util.ArrayList;
import java.util.List;

/** Names the capabilities a driver offers, for bind-time messages. */
final class Capabilities {
  private Capabilities() {}

  static List<String> of(Driver d) {
    List<String> caps = new ArrayList<>();
    if (d instanceof DocumentStore) {
      caps.add("DocumentStore");
    }
    if (d instanceof ChangeFeed) {
      caps.add("ChangeFeed");
    }
    if (d instanceof MessageQueue) {
      caps.add("MessageQueue");
    }
    if (d instanceof LookupService) {
      caps.add("LookupService");
    }
    if (d instanceof WarehouseService) {
      caps.add("WarehouseService");
    }
    return caps;
  }
}
