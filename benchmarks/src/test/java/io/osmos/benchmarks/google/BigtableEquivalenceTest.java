package io.osmos.benchmarks.google;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.cloud.bigtable.data.v2.models.Query;
import com.google.cloud.bigtable.data.v2.models.Row;
import com.google.cloud.bigtable.data.v2.models.RowCell;
import io.osmos.Osmos;
import io.osmos.PageRequest;
import io.osmos.Streams;
import io.osmos.benchmarks.model.Click;
import io.osmos.benchmarks.model.ClickRepository;
import io.osmos.benchmarks.model.Click_;
import io.osmos.benchmarks.model.Clicks;
import io.osmos.bigtable.BigtableDriver;
import io.osmos.memory.MemoryDriver;
import io.osmos.testkit.server.BigtableEmulator;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Both sides of {@link BigtableBenchmark} write the same rows and cells (log, primary and secondary
 * index, sequencer offsets) and find the same records.
 */
class BigtableEquivalenceTest {
  @Test
  void bothSidesStoreTheSameRowsAndFindTheSameRecords() throws Exception {
    BigtableEmulator emulator = BigtableEmulator.get();
    BigtableDriver lookup =
        BigtableDriver.builder(BigtableBenchmark.PROJECT, BigtableBenchmark.INSTANCE)
            .emulatorHost(emulator.hostPort())
            .tablePrefix("eqosmos")
            .build();
    Osmos osmos = Osmos.builder().driver("clicks", Streams.of(new MemoryDriver(), lookup)).build();
    try (RawBigtableClicks raw =
        new RawBigtableClicks(
            emulator.host(),
            emulator.port(),
            BigtableBenchmark.PROJECT,
            BigtableBenchmark.INSTANCE,
            "eqraw")) {
      ClickRepository repository = new ClickRepository(osmos);
      List<Click> first = Clicks.clicks(200);
      // the same keys again, newer, half of them on another page: the index entries they leave
      // must be deleted on both sides
      List<Click> second = new ArrayList<>();
      for (Click c : first) {
        second.add(
            new Click(
                c.user(),
                c.seq(),
                c.at().plusSeconds(1),
                c.seq() % 2 == 0 ? c.page() : "/moved" + c.page(),
                c.referrer(),
                c.payload()));
      }
      for (List<Click> batch : List.of(first, second)) {
        repository.write(batch);
        raw.write(batch);
        for (String table : List.of("_log", "_indexes")) {
          List<String> a = dump(raw, "eqosmos" + table, false);
          assertFalse(a.isEmpty());
          assertSame(table, a, dump(raw, "eqraw" + table, false));
        }
        assertSame(
            "_sequencer", dump(raw, "eqosmos_sequencer", true), dump(raw, "eqraw_sequencer", true));
      }
      for (int u = 0; u < Clicks.USERS; u += 7) {
        String user = Clicks.user(u);
        List<Click> expected = raw.findByUser(user, BigtableBenchmark.PAGE);
        assertEquals(2, expected.size());
        assertEquals(
            expected,
            repository
                .find(Click_.user.eq(user), PageRequest.first(BigtableBenchmark.PAGE))
                .items());
      }
    } finally {
      osmos.close();
    }
  }

  /** Names the first differing cell rather than printing megabytes of hex. */
  private static void assertSame(String table, List<String> osmos, List<String> raw) {
    for (int i = 0; i < Math.min(osmos.size(), raw.size()); i++) {
      assertEquals(osmos.get(i), raw.get(i), table + ", cell " + i);
    }
    assertEquals(osmos.size(), raw.size(), table + ": cells");
  }

  /** Every row's cells; the sequencer's offsets only (its cell times differ by run). */
  private static List<String> dump(RawBigtableClicks raw, String table, boolean offsetsOnly) {
    List<String> out = new ArrayList<>();
    HexFormat hex = HexFormat.of();
    for (Row row : raw.data().readRows(Query.create(table))) {
      for (RowCell c : row.getCells()) {
        if (offsetsOnly && !c.getFamily().equals("n")) {
          continue;
        }
        out.add(
            hex.formatHex(row.getKey().toByteArray())
                + " "
                + c.getFamily()
                + ":"
                + c.getQualifier().toStringUtf8()
                + (offsetsOnly ? "" : "@" + c.getTimestamp())
                + " = "
                + hex.formatHex(c.getValue().toByteArray()));
      }
    }
    return out;
  }
}
