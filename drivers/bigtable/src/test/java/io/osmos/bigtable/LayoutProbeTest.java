package io.osmos.bigtable;

import io.osmos.Osmos;
import io.osmos.Streams;
import io.osmos.memory.MemoryDriver;
import io.osmos.testkit.server.BigtableEmulator;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayoutProbeTest {
  @Test
  void probe() {
    BigtableEmulator e = BigtableEmulator.get();
    try (BigtableDriver d = BigtableDriver.builder("p", "i").emulatorHost(e.hostPort()).tablePrefix("probe").build();
        Osmos osmos = Osmos.builder().driver("events", Streams.of(new MemoryDriver(), d)).build()) {
      EventRepository events = new EventRepository(osmos);
      events.write(List.of(new Event("ann", 1, Instant.parse("2024-01-01T00:00:01.5Z"), "click", 3, "x"),
          new Event("bob", 2, Instant.parse("2024-01-01T00:00:02Z"), "view", 1, null)));
      System.err.println("DBG ls:\n" + e.cbt("p", "i", "ls"));
      System.err.println("DBG ls log:\n" + e.cbt("p", "i", "ls", "probe_log"));
      for (String t : List.of("probe_log", "probe_indexes", "probe_sequencer")) {
        System.err.println("DBG read " + t + ":\n" + e.cbt("p", "i", "read", t));
      }
    }
  }
}
