package io.osmos.bigquery;

import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldList;
import com.google.cloud.bigquery.LegacySQLTypeName;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.TableId;
import io.osmos.exceptions.InvalidCursorException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A position in a query's result: the job's result table, the page token to read from (null for the
 * first page) and the result schema, which {@code tabledata.list} needs to decode rows. Like
 * Beneath's BigQuery cursor, it carries everything, so reading needs no other call.
 */
record ResultCursor(TableId table, String pageToken, Schema schema) {
  private static final int VERSION = 1;

  /** The cursor at {@code pageToken} in the same result. */
  ResultCursor at(String token) {
    return new ResultCursor(table, token, schema);
  }

  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeUTF(table.getProject());
      out.writeUTF(table.getDataset());
      out.writeUTF(table.getTable());
      out.writeBoolean(pageToken != null);
      if (pageToken != null) {
        out.writeUTF(pageToken);
      }
      writeFields(out, schema.getFields());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * The cursor {@code bytes} encode.
   *
   * @throws InvalidCursorException if they are not a cursor of this driver
   */
  static ResultCursor decode(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int version = in.readUnsignedByte();
      if (version != VERSION) {
        throw new InvalidCursorException(
            "not a BigQuery result cursor (version " + version + ", expected " + VERSION + ")");
      }
      TableId table = TableId.of(in.readUTF(), in.readUTF(), in.readUTF());
      String token = in.readBoolean() ? in.readUTF() : null;
      Schema schema = Schema.of(readFields(in, in.readShort(), 0));
      if (in.read() != -1) {
        throw new InvalidCursorException("not a BigQuery result cursor (trailing bytes)");
      }
      return new ResultCursor(table, token, schema);
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidCursorException("not a BigQuery result cursor: " + e.getMessage(), e);
    }
  }

  private static void writeFields(DataOutputStream out, FieldList fields) throws IOException {
    out.writeShort(fields.size());
    for (Field f : fields) {
      out.writeUTF(f.getName());
      out.writeUTF(f.getType().name());
      out.writeByte(f.getMode() == null ? Field.Mode.NULLABLE.ordinal() : f.getMode().ordinal());
      if (f.getSubFields() == null) {
        out.writeShort(-1);
      } else {
        writeFields(out, f.getSubFields());
      }
    }
  }

  private static List<Field> readFields(DataInputStream in, int n, int depth) throws IOException {
    if (n < 0 || depth > 16) {
      throw new IOException("bad field count " + n + " at depth " + depth);
    }
    List<Field> fields = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String name = in.readUTF();
      LegacySQLTypeName type = LegacySQLTypeName.valueOfStrict(in.readUTF());
      int mode = in.readUnsignedByte();
      if (mode >= Field.Mode.values().length) {
        throw new IOException("bad field mode " + mode);
      }
      int subCount = in.readShort();
      FieldList sub = subCount == -1 ? null : FieldList.of(readFields(in, subCount, depth + 1));
      fields.add(Field.newBuilder(name, type, sub).setMode(Field.Mode.values()[mode]).build());
    }
    return fields;
  }
}
