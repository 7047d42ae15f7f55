package io.osmos.codec.flat;

import com.fasterxml.jackson.core.JsonGenerator;
import io.osmos.codec.CodecLimits;
import io.osmos.codec.FieldName;
import io.osmos.codec.FieldWriter;
import io.osmos.codec.ValueCodec;
import io.osmos.codec.json.IsoInstant;
import io.osmos.codec.json.JsonFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * Writes each top-level field of a model as one text value: a scalar as readable text, a value that
 * opens an object or array as JSON (captured by forwarding every call to a JSON writer until the
 * value is closed again). Nulls are left out. Values are checked against {@link CodecLimits} first,
 * nesting counted from the model.
 */
final class FlatFieldWriter implements FieldWriter {
  private static final int BEFORE = 0;
  private static final int FIELDS = 1;
  private static final int DONE = 2;

  private final BiConsumer<String, String> sink;
  private int state;
  private String field;

  /**
   * Whether the value being written is schemaless ({@link #any}, as {@code @Extra} values are): it
   * is stored so that the reader, which has no type for it, reads it back equal (see {@link
   * FlatFormat#extraValue}).
   */
  private boolean extra;

  private StringWriter json;
  private JsonGenerator generator;
  private FieldWriter nested;
  private int nestedDepth;

  /** A writer of one model: expects {@code beginObject}, named fields, {@code endObject}. */
  FlatFieldWriter(BiConsumer<String, String> sink) {
    this.sink = sink;
    this.state = BEFORE;
  }

  /** A writer of one top-level field's value, reported to {@code sink} under {@code field}. */
  FlatFieldWriter(String field, BiConsumer<String, String> sink) {
    this.sink = sink;
    this.state = FIELDS;
    this.field = field;
  }

  private void emit(String text) {
    if (state != FIELDS || field == null) {
      throw new IllegalStateException(
          "flat format: a value must follow a field name inside the model's object");
    }
    sink.accept(field, text);
    field = null;
    extra = false;
  }

  private void startNested() {
    if (state != FIELDS || field == null) {
      throw new IllegalStateException(
          "flat format: a value must follow a field name inside the model's object");
    }
    json = new StringWriter();
    generator = JsonFormat.createGenerator(json);
    nested = JsonFormat.valueWriter(generator);
  }

  private void endNested() {
    if (--nestedDepth == 0) {
      try {
        generator.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      nested = null;
      generator = null;
      emit(json.toString());
      json = null;
    }
  }

  @Override
  public <V> void writeOrNull(ValueCodec<V> codec, V value) {
    if (nested != null) {
      // Inside a field's JSON: the JSON writer writes the whole value without this layer.
      nested.writeOrNull(codec, value);
      return;
    }
    if (state != FIELDS || field == null || !FlatFormat.storedAsJson(codec.type().kind())) {
      FieldWriter.super.writeOrNull(codec, value);
    } else if (value == null) {
      nul();
    } else {
      // A top-level field whose value is an object or array: its JSON text in one pass.
      emit(JsonFormat.encodeValueToString(codec, value));
    }
  }

  @Override
  public void any(Object value) {
    if (nested != null) {
      nested.any(value);
      return;
    }
    extra = true;
    try {
      FieldWriter.super.any(value);
    } finally {
      extra = false;
    }
  }

  @Override
  public void beginObject() {
    if (nested != null) {
      nested.beginObject();
      nestedDepth++;
    } else if (state == BEFORE) {
      state = FIELDS;
    } else {
      startNested();
      nested.beginObject();
      nestedDepth = 1;
    }
  }

  @Override
  public void endObject() {
    if (nested != null) {
      nested.endObject();
      endNested();
    } else if (state == FIELDS) {
      state = DONE;
    } else {
      throw new IllegalStateException("flat format: endObject without beginObject");
    }
  }

  @Override
  public void beginArray() {
    if (nested != null) {
      nested.beginArray();
      nestedDepth++;
    } else {
      startNested();
      nested.beginArray();
      nestedDepth = 1;
    }
  }

  @Override
  public void endArray() {
    if (nested == null) {
      throw new IllegalStateException("flat format: endArray without beginArray");
    }
    nested.endArray();
    endNested();
  }

  @Override
  public void name(FieldName name) {
    if (nested != null) {
      nested.name(name);
    } else {
      field = name.value();
      extra = false;
    }
  }

  @Override
  public void name(String name) {
    if (nested != null) {
      nested.name(name);
    } else {
      CodecLimits.checkName(name);
      field = name;
    }
  }

  @Override
  public void nul() {
    if (nested != null) {
      nested.nul();
    } else if (extra) {
      emit("null"); // a schemaless null is kept, so an @Extra key with a null value reads back
    } else {
      field = null; // null fields are left out
    }
  }

  @Override
  public void string(String value) {
    if (nested != null) {
      nested.string(value);
    } else {
      CodecLimits.checkString(value);
      emit(extra ? FlatFormat.extraText(value) : value);
    }
  }

  @Override
  public void int64(long value) {
    if (nested != null) {
      nested.int64(value);
    } else {
      emit(Long.toString(value));
    }
  }

  @Override
  public void int32(int value) {
    if (nested != null) {
      nested.int32(value);
    } else {
      emit(Integer.toString(value));
    }
  }

  @Override
  public void float64(double value) {
    if (nested != null) {
      nested.float64(value);
    } else {
      emit(Double.toString(value)); // NaN, Infinity and -Infinity spelled as Java does
    }
  }

  @Override
  public void float32(float value) {
    if (nested != null) {
      nested.float32(value);
    } else {
      emit(Float.toString(value));
    }
  }

  @Override
  public void bool(boolean value) {
    if (nested != null) {
      nested.bool(value);
    } else {
      emit(value ? "true" : "false");
    }
  }

  @Override
  public void bytes(byte[] value) {
    if (nested != null) {
      nested.bytes(value);
    } else {
      emit(Base64.getEncoder().encodeToString(value));
    }
  }

  @Override
  public void decimal(BigDecimal value) {
    if (nested != null) {
      nested.decimal(value);
    } else {
      CodecLimits.checkDecimal(value);
      emit(FlatFormat.decimalText(value));
    }
  }

  @Override
  public void bigInteger(BigInteger value) {
    if (nested != null) {
      nested.bigInteger(value);
    } else {
      CodecLimits.checkBigInteger(value);
      emit(value.toString());
    }
  }

  @Override
  public void instant(Instant value) {
    if (nested != null) {
      nested.instant(value);
    } else {
      emit(IsoInstant.toText(value));
    }
  }

  @Override
  public void uuid(UUID value) {
    if (nested != null) {
      nested.uuid(value);
    } else {
      emit(value.toString());
    }
  }

  @Override
  public void localDate(LocalDate value) {
    if (nested != null) {
      nested.localDate(value);
    } else {
      emit(value.toString());
    }
  }

  @Override
  public void localDateTime(LocalDateTime value) {
    if (nested != null) {
      nested.localDateTime(value);
    } else {
      emit(value.toString());
    }
  }

  @Override
  public void duration(Duration value) {
    if (nested != null) {
      nested.duration(value);
    } else {
      emit(value.toString());
    }
  }

  /** Whether every value opened has been closed (the single-value writer is then done). */
  boolean complete() {
    return nested == null;
  }
}
