package io.osmos.bigtable;

import com.google.cloud.bigtable.admin.v2.BigtableTableAdminClient;
import com.google.cloud.bigtable.admin.v2.BigtableTableAdminSettings;
import com.google.cloud.bigtable.admin.v2.models.CreateTableRequest;
import com.google.cloud.bigtable.admin.v2.models.GCRules;
import com.google.cloud.bigtable.data.v2.BigtableDataClient;
import com.google.cloud.bigtable.data.v2.BigtableDataSettings;
import com.google.cloud.bigtable.data.v2.models.*;
import io.osmos.testkit.server.BigtableEmulator;
import org.junit.jupiter.api.Test;

class ScratchTest {
  @Test
  void scratch() throws Exception {
    BigtableEmulator e = BigtableEmulator.get();
    var admin = BigtableTableAdminClient.create(BigtableTableAdminSettings.newBuilderForEmulator(e.host(), e.port()).setProjectId("p").setInstanceId("i").build());
    var data = BigtableDataClient.create(BigtableDataSettings.newBuilderForEmulator(e.host(), e.port()).setProjectId("p").setInstanceId("i").build());
    admin.createTable(CreateTableRequest.of("t").addFamily("f", GCRules.GCRULES.maxVersions(1)));
    try {
      data.mutateRow(RowMutation.create("t", "r1").setCell("f", "q", 1234567L, "odd"));
      System.err.println("DBG odd timestamp accepted");
    } catch (Exception ex) { System.err.println("DBG odd ts: " + ex); }
    data.mutateRow(RowMutation.create("t", "r2").setCell("f", "q", 5000L, "first"));
    data.mutateRow(RowMutation.create("t", "r2").setCell("f", "q", 5000L, "second"));
    data.mutateRow(RowMutation.create("t", "r2").setCell("f", "q", 3000L, "older"));
    Row all = data.readRow("t", "r2");
    System.err.println("DBG r2 all cells: " + all.getCells().stream().map(c -> c.getTimestamp() + "=" + c.getValue().toStringUtf8()).toList());
    Row one = data.readRow("t", "r2", Filters.FILTERS.limit().cellsPerColumn(1));
    System.err.println("DBG r2 latest: " + one.getCells().stream().map(c -> c.getTimestamp() + "=" + c.getValue().toStringUtf8()).toList());
    Row rmw = data.readModifyWriteRow(ReadModifyWriteRow.create("t", "seq").increment("f", "n", 50).increment("f", "c", 1));
    System.err.println("DBG rmw: " + rmw.getCells().stream().map(c -> c.getQualifier().toStringUtf8() + "@" + c.getTimestamp() + "=" + c.getValue().size()).toList() + " now=" + System.currentTimeMillis());
    Row rmw2 = data.readModifyWriteRow(ReadModifyWriteRow.create("t", "seq").increment("f", "n", 50));
    System.err.println("DBG rmw2: " + rmw2.getCells().stream().map(c -> c.getQualifier().toStringUtf8() + "@" + c.getTimestamp() + "=" + c.getValue().size()).toList());
    Row seq = data.readRow("t", "seq");
    System.err.println("DBG seq all: " + seq.getCells().stream().map(c -> c.getQualifier().toStringUtf8() + "@" + c.getTimestamp()).toList());
    // delete range
    data.mutateRow(RowMutation.create("t", "r2").deleteCells("f", com.google.protobuf.ByteString.copyFromUtf8("q"), Range.TimestampRange.create(0, 5001)));
    Row after = data.readRow("t", "r2");
    System.err.println("DBG after delete: " + after);
    data.mutateRow(RowMutation.create("t", "r3").setCell("f", "q", -5000L, "neg"));
    System.err.println("DBG neg: " + data.readRow("t", "r3"));
    data.close(); admin.close();
  }
}
