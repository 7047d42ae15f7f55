package io.osmos.codec;

import io.osmos.exceptions.LimitExceededException;
import io.osmos.exceptions.ValidationException;
import io.osmos.exceptions.Violation;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link FieldWriter} that writes nothing: it applies {@link CodecLimits}' checks to every value
 * and name while tracking the field path, and throws the first refusal naming that path. Formats
 * check inline without tracking a path (it would cost every write); when one refuses a value, the
 * model is checked again with this writer to say where.
 */
final class LimitChecker implements FieldWriter {
  private static final int NAME_IN_PATH = 100;

  private final String model;
  private final String root;

  /** Per open level: whether it is an array. */
  private boolean[] arrays = new boolean[16];

  /** Per open level: the current member's name (objects). */
  private String[] names = new String[16];

  /** Per open level: the current element's index (arrays), -1 before the first. */
  private int[] indexes = new int[16];

  private int depth;

  /**
   * @param model the model's name, for errors
   * @param root the path of a single value checked on its own (it then sits one level inside a
   *     model), or null for a whole model
   */
  LimitChecker(String model, String root) {
    this.model = model;
    this.root = root;
  }

  /** A value starts at the current position: the next element of an array. */
  private void value() {
    if (depth > 0 && arrays[depth - 1]) {
      indexes[depth - 1]++;
    }
  }

  private void open(boolean array) {
    value();
    try {
      CodecLimits.checkDepth(depth + (root != null ? 2 : 1));
    } catch (LimitExceededException e) {
      throw located(e);
    }
    if (depth == arrays.length) {
      arrays = Arrays.copyOf(arrays, depth * 2);
      names = Arrays.copyOf(names, depth * 2);
      indexes = Arrays.copyOf(indexes, depth * 2);
    }
    arrays[depth] = array;
    names[depth] = null;
    indexes[depth] = -1;
    depth++;
  }

  @Override
  public void beginObject() {
    open(false);
  }

  @Override
  public void endObject() {
    depth--;
  }

  @Override
  public void beginArray() {
    open(true);
  }

  @Override
  public void endArray() {
    depth--;
  }

  @Override
  public void name(FieldName name) {
    names[depth - 1] = name.value();
  }

  @Override
  public void name(String name) {
    names[depth - 1] = name;
    try {
      CodecLimits.checkName(name);
    } catch (LimitExceededException | ValidationException e) {
      throw located(e);
    }
  }

  @Override
  public void string(String value) {
    value();
    try {
      CodecLimits.checkString(value);
    } catch (LimitExceededException | ValidationException e) {
      throw located(e);
    }
  }

  @Override
  public void int64(long value) {
    value();
  }

  @Override
  public void float64(double value) {
    value();
  }

  @Override
  public void bool(boolean value) {
    value();
  }

  @Override
  public void bytes(byte[] value) {
    value();
  }

  @Override
  public void decimal(BigDecimal value) {
    value();
    try {
      CodecLimits.checkDecimal(value);
    } catch (LimitExceededException e) {
      throw located(e);
    }
  }

  @Override
  public void bigInteger(BigInteger value) {
    value();
    try {
      CodecLimits.checkBigInteger(value);
    } catch (LimitExceededException e) {
      throw located(e);
    }
  }

  @Override
  public void instant(Instant value) {
    value();
  }

  @Override
  public void nul() {
    value();
  }

  private RuntimeException located(RuntimeException e) {
    String path = path();
    if (e instanceof ValidationException v) {
      Violation first = v.violations().get(0);
      return new ValidationException(model, List.of(new Violation(path, first.message(), null)));
    }
    return new LimitExceededException(
        model + " field '" + path + "': " + e.getMessage() + "; nothing was written");
  }

  /** The dotted path of the value being checked, as readers name it. */
  String path() {
    StringBuilder b = new StringBuilder(root != null ? root : "");
    for (int i = 0; i < depth; i++) {
      if (arrays[i]) {
        if (indexes[i] >= 0) {
          b.append('[').append(indexes[i]).append(']');
        }
      } else if (names[i] != null) {
        FieldPath.appendName(b, abbreviate(names[i]));
      }
    }
    return b.length() == 0 ? "<model>" : b.toString();
  }

  private static String abbreviate(String name) {
    return name.length() <= NAME_IN_PATH ? name : name.substring(0, NAME_IN_PATH - 3) + "...";
  }
}
