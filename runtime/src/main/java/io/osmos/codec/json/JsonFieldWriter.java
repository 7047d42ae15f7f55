package io.osmos.codec.json;

import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import io.osmos.codec.CodecLimits;
import io.osmos.codec.FieldName;
import io.osmos.codec.FieldNames;
import io.osmos.codec.FieldWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;

/**
 * {@link FieldWriter} over a jackson {@link JsonGenerator}. Scalars map to their natural JSON form;
 * non-finite doubles, bytes (base64), instants (ISO-8601) and the other typed values that JSON has
 * no type for are strings. Field names are written from the pre-encoded form cached in {@link
 * FieldName#formatCache()}. Values are checked against {@link CodecLimits} before they are written.
 */
final class JsonFieldWriter implements FieldWriter {
  private static final SerializableString NAN = new SerializedString("NaN");
  private static final SerializableString POSITIVE_INFINITY = new SerializedString("Infinity");
  private static final SerializableString NEGATIVE_INFINITY = new SerializedString("-Infinity");

  private final JsonGenerator g;
  private char[] scratch; // for instants, allocated on first use

  /** Open objects and arrays, plus the levels above the first value (see {@link CodecLimits}). */
  private int depth;

  /**
   * @param baseDepth levels of the stored model above the value written: 0 for a model, 1 for a
   *     single value of a model's field
   */
  JsonFieldWriter(JsonGenerator generator, int baseDepth) {
    this.g = generator;
    this.depth = baseDepth;
  }

  /** The name's quoted, escaped UTF-8 form, computed once per name and kept on the name. */
  static SerializableString encoded(FieldName name) {
    Object cached = name.formatCache();
    if (cached instanceof SerializableString s) {
      return s;
    }
    SerializedString s = new SerializedString(name.value());
    name.formatCache(s);
    return s;
  }

  /** Every name of the table in its encoded form, computed once per table and kept on it. */
  static SerializableString[] encoded(FieldNames names) {
    Object cached = names.formatCache();
    if (cached instanceof SerializableString[] s) {
      return s;
    }
    SerializableString[] s = new SerializableString[names.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = encoded(names.name(i));
    }
    names.formatCache(s);
    return s;
  }

  @Override
  public void beginObject() {
    CodecLimits.checkDepth(++depth);
    try {
      g.writeStartObject();
    } catch (IOException e) {
      throw failed(e);
    }
  }

  @Override
  public void name(FieldName name) {
    try {
      g.writeFieldName(encoded(name));
    } catch (IOException e) {
      throw failed(e);
    }
  }

  @Override
  public void name(String name) {
    CodecLimits.checkName(name);
    try {
      g.writeFieldName(name);
    } catch (IOException e) {
      throw failed(e);
    }
  }

  @Override
  public void endObject() {
    depth--;
    try {
      g.writeEndObject();
    } catch (IOException e) {
      throw failed(e);
    }
  }

  @Override
  public void beginArray() {
    CodecLimits.checkDepth(++depth);
    try {
      g.writeStartArray();
    } catch (IOException e) {
      throw failed(e);
    }
  }

  @Override
  public void endArray() {
    depth--;
    try {
      g.writeEndArray();
    } catch (IOException e) {
      throw failed(e);
    }
  }

  @Override
  public void string(String value) {
    CodecLimits.checkString(value);
    try {
      g.writeString(value);
    } catch (IOException e) {
      throw failed(e);
    }
  }

  @Override
  public void int64(long value) {
    try {
      g.writeNumber(value);
    } catch (IOException e) {
      throw failed(e);
    }
  }

  @Override
  public void int32(int value) {
    try {
      g.writeNumber(value);
    } catch (IOException e) {
      throw failed(e);
    }
  }

  @Override
  public void float64(double value) {
    try {
      if (Double.isFinite(value)) {
        g.writeNumber(value);
      } else {
        g.writeString(nonFinite(value));
      }
    } catch (IOException e) {
      throw failed(e);
    }
  }

  @Override
  public void float32(float value) {
    try {
      // Jackson writes the float's shortest decimal form, so 0.1f is stored as 0.1.
      if (Float.isFinite(value)) {
        g.writeNumber(value);
      } else {
        g.writeString(nonFinite(value));
      }
    } catch (IOException e) {
      throw failed(e);
    }
  }

  private static SerializableString nonFinite(double value) {
    return Double.isNaN(value) ? NAN : value > 0 ? POSITIVE_INFINITY : NEGATIVE_INFINITY;
  }

  @Override
  public void bool(boolean value) {
    try {
      g.writeBoolean(value);
    } catch (IOException e) {
      throw failed(e);
    }
  }

  @Override
  public void bytes(byte[] value) {
    try {
      g.writeBinary(JsonFormat.BASE64, value, 0, value.length);
    } catch (IOException e) {
      throw failed(e);
    }
  }

  @Override
  public void decimal(BigDecimal value) {
    CodecLimits.checkDecimal(value);
    try {
      // BigDecimal.toString: exact, keeps the scale (1.50 stays 1.50), and short for huge or tiny
      // exponents (1E+5000) where the plain form would be thousands of digits.
      g.writeNumber(value);
    } catch (IOException e) {
      throw failed(e);
    }
  }

  @Override
  public void bigInteger(BigInteger value) {
    CodecLimits.checkBigInteger(value);
    try {
      g.writeNumber(value);
    } catch (IOException e) {
      throw failed(e);
    }
  }

  @Override
  public void instant(Instant value) {
    try {
      if (scratch == null) {
        scratch = new char[IsoInstant.MAX_LENGTH];
      }
      int n = IsoInstant.format(value, scratch);
      if (n >= 0) {
        g.writeString(scratch, 0, n);
      } else {
        g.writeString(value.toString());
      }
    } catch (IOException e) {
      throw failed(e);
    }
  }

  @Override
  public void nul() {
    try {
      g.writeNull();
    } catch (IOException e) {
      throw failed(e);
    }
  }

  private static RuntimeException failed(IOException e) {
    if (e instanceof JsonGenerationException) {
      // A codec broke the call sequence (a value without a name, an unbalanced end).
      return new IllegalStateException("invalid JSON write: " + e.getMessage(), e);
    }
    return new UncheckedIOException("cannot write JSON: " + e.getMessage(), e);
  }
}
