package io.osmos.codec.tree;

import io.osmos.codec.CodecLimits;
import io.osmos.codec.FieldType;
import io.osmos.codec.ValueCodec;
import io.osmos.exceptions.LimitExceededException;
import io.osmos.exceptions.ValidationException;
import io.osmos.query.NumberProperty;
import io.osmos.schema.ModelSchema;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;

/**
 * The tree format: a model as a {@code Map<String, Object>} of typed leaves, lists and nested maps
 * (see {@link TreeWriter} for the leaf types and {@link TreeReader} for what is accepted back). For
 * clients that take and return maps (RethinkDB, BigQuery) and for the in-memory driver.
 *
 * <pre>{@code
 * Map<String, Object> tree = TreeFormat.encode(User_.MODEL, user);
 * User back = TreeFormat.decode(User_.MODEL, tree);
 * }</pre>
 */
public final class TreeFormat {
  private TreeFormat() {}

  /** The model as a new tree; the tree shares nothing mutable with the model. */
  @SuppressWarnings("unchecked")
  public static <T> Map<String, Object> encode(ModelSchema<T, ?> schema, T model) {
    Objects.requireNonNull(model, "model");
    TreeWriter w = new TreeWriter();
    try {
      schema.encode(model, w);
    } catch (LimitExceededException | ValidationException e) {
      throw CodecLimits.locate(schema.modelName(), out -> schema.encode(model, out), e);
    }
    Object tree = w.result();
    if (!(tree instanceof Map)) {
      throw new IllegalStateException(schema.modelName() + "'s codec did not write an object");
    }
    return (Map<String, Object>) tree;
  }

  /**
   * The model a tree holds.
   *
   * @throws io.osmos.exceptions.DecodeException naming the field, the expected type and the value
   *     found, when the tree does not fit the model
   */
  public static <T> T decode(ModelSchema<T, ?> schema, Map<String, ?> tree) {
    return schema.decode(new TreeReader(Objects.requireNonNull(tree, "tree")));
  }

  /** One value as a tree leaf or subtree (null stays null), e.g. the value of a patched field. */
  public static <V> Object encodeValue(ValueCodec<V> codec, V value) {
    if (value == null) {
      return null;
    }
    TreeWriter w = new TreeWriter(1);
    codec.write(value, w);
    return w.result();
  }

  /**
   * One value read from a tree leaf or subtree (null stays null); errors name {@code path}.
   *
   * @throws io.osmos.exceptions.DecodeException when the value does not fit the codec
   */
  public static <V> V decodeValue(ValueCodec<V> codec, Object tree, String path) {
    TreeReader r = new TreeReader(tree, path);
    return r.tryNull() ? null : codec.read(r);
  }

  /**
   * The leaf of the numeric field {@code p} after adding {@code delta} to its leaf {@code stored}
   * (null counts as 0): a {@code Double} for float fields (a float's sum through its decimal
   * string, as writers store floats), a {@code BigDecimal} for decimal and big integer fields, else
   * a {@code Long}. For drivers that apply a {@link io.osmos.query.Patch.Increment} to a stored
   * tree themselves.
   *
   * @throws IllegalArgumentException when a fraction is added to an integer field, or the sum
   *     overflows a long or leaves the int range of an int field
   * @throws io.osmos.exceptions.DecodeException when {@code stored} is not a value of the field's
   *     type
   */
  public static Object increment(NumberProperty<?, ?> p, Object stored, Number delta) {
    Number current =
        stored == null ? null : (Number) decodeValue(p.codec(), stored, p.storedName());
    FieldType.Kind kind = p.descriptor().type().kind();
    switch (kind) {
      case FLOAT32:
        {
          double sum = (current == null ? 0 : current.doubleValue()) + delta.doubleValue();
          return Double.parseDouble(Float.toString((float) sum));
        }
      case FLOAT64:
        return (current == null ? 0 : current.doubleValue()) + delta.doubleValue();
      case DECIMAL:
      case BIG_INTEGER:
        {
          BigDecimal c = current == null ? BigDecimal.ZERO : new BigDecimal(current.toString());
          BigDecimal d = new BigDecimal(delta.toString());
          if (kind == FieldType.Kind.BIG_INTEGER && d.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException(
                "cannot increment the integer field '" + p.name() + "' by " + delta);
          }
          return c.add(d);
        }
      default:
        {
          if ((delta instanceof Double || delta instanceof Float)
              && delta.doubleValue() != Math.rint(delta.doubleValue())) {
            throw new IllegalArgumentException(
                "cannot increment the integer field '" + p.name() + "' by " + delta);
          }
          long c = current == null ? 0 : current.longValue();
          long sum;
          try {
            sum = Math.addExact(c, delta.longValue());
          } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                "incrementing '" + p.name() + "' (" + c + ") by " + delta + " overflows a long");
          }
          if (kind == FieldType.Kind.INT32
              && (sum < Integer.MIN_VALUE || sum > Integer.MAX_VALUE)) {
            throw new IllegalArgumentException(
                "incrementing '"
                    + p.name()
                    + "' ("
                    + c
                    + ") by "
                    + delta
                    + " leaves the int range");
          }
          return sum;
        }
    }
  }
}
