package io.osmos.codec.tree;

import io.osmos.codec.ValueCodec;
import io.osmos.schema.ModelSchema;
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
    schema.encode(model, w);
    Object tree = w.result();
    if (!(tree instanceof Map)) {
      throw new IllegalStateException(schema.modelName() + "'s codec did not write an object");
    }
    return (Map<String, Object>) tree;
  }

  /**
   * The model a tree holds.
   *
   * @throws io.osmos.DecodeException naming the field, the expected type and the value found, when
   *     the tree does not fit the model
   */
  public static <T> T decode(ModelSchema<T, ?> schema, Map<String, ?> tree) {
    return schema.decode(new TreeReader(Objects.requireNonNull(tree, "tree")));
  }

  /** One value as a tree leaf or subtree (null stays null), e.g. the value of a patched field. */
  public static <V> Object encodeValue(ValueCodec<V> codec, V value) {
    if (value == null) {
      return null;
    }
    TreeWriter w = new TreeWriter();
    codec.write(value, w);
    return w.result();
  }

  /**
   * One value read from a tree leaf or subtree (null stays null); errors name {@code path}.
   *
   * @throws io.osmos.DecodeException when the value does not fit the codec
   */
  public static <V> V decodeValue(ValueCodec<V> codec, Object tree, String path) {
    TreeReader r = new TreeReader(tree, path);
    return r.tryNull() ? null : codec.read(r);
  }
}
