package io.osmos.rethinkdb;

import static com.rethinkdb.RethinkDB.r;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rethinkdb.gen.ast.ReqlExpr;
import io.osmos.codec.FieldDescriptor;
import io.osmos.codec.FieldDescriptor.Role;
import io.osmos.codec.ValueCodec;
import io.osmos.codec.tree.TreeFormat;
import io.osmos.exceptions.DecodeException;
import io.osmos.exceptions.LimitExceededException;
import io.osmos.query.Property;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.DriverLimits;
import io.osmos.spi.TupleKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Where a model's data goes in its table, and back.
 *
 * <p>The table's primary key is {@code id}. It holds the Osmos key in its stored form (see {@link
 * StoredValues}): the value itself for a single key field, the JSON text of the components for a
 * composite key ({@code ["o-1",10]}; the components are stored in their own fields too). RethinkDB
 * refuses primary keys longer than 127 bytes, so an {@code id} longer than {@link
 * #MAX_PLAIN_KEY_BYTES} bytes is stored as {@code "osmos:sha256:<hex>"} (the SHA-256 of the key's
 * {@link TupleKey} encoding), as is any string key that starts with {@code osmos:}, so that no
 * plain key can look like a digest. The other fields are the model's, under their stored names.
 * When the key field itself is stored as {@code id} and its key is digested, the key is kept in the
 * field {@code osmos_key}.
 *
 * @param <T> the model
 * @param <K> its key
 */
final class DocumentLayout<T, K> {
  /** The primary key field of every Osmos table. */
  static final String ID = "id";

  /** Where a digested key is kept when the key field is {@code id}. */
  static final String KEY_FIELD = "osmos_key";

  /** Stored forms up to this size are used as primary keys as they are (RethinkDB: 127). */
  static final int MAX_PLAIN_KEY_BYTES = 100;

  private static final String DIGEST_PREFIX = "osmos:";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern INDEX_NAME = Pattern.compile("[A-Za-z0-9_-]{1,100}");

  final ModelSchema<T, K> schema;
  final String bucket;
  private final DriverLimits limits;
  private final List<Property<T, ?>> keys;
  private final boolean keyIsId;
  private final StoredValues stored;
  private final List<IndexKeys.Kind> keyKinds;

  DocumentLayout(ModelSchema<T, K> schema, DriverLimits limits) {
    this.schema = schema;
    this.bucket = schema.bucket();
    this.limits = limits;
    this.keys = schema.keyProperties();
    this.keyIsId = keys.size() == 1 && keys.get(0).storedName().equals(ID);
    this.stored = new StoredValues(schema.fields());
    List<IndexKeys.Kind> kinds = new ArrayList<>(keys.size());
    for (Property<T, ?> k : keys) {
      kinds.add(kindOf(k, "key field"));
    }
    this.keyKinds = List.copyOf(kinds);
    for (FieldDescriptor f : schema.fields()) {
      boolean isKey = f.role() == Role.KEY;
      if (f.storedName().equals(ID) && !(isKey && keyIsId)) {
        throw new IllegalArgumentException(
            schema.modelName()
                + "."
                + f.javaName()
                + " is stored as 'id', the primary key of RethinkDB tables, which Osmos fills with"
                + " the model's key; store it under another name with @Field(name = ...)");
      }
      if (f.storedName().equals(KEY_FIELD)) {
        throw new IllegalArgumentException(
            schema.modelName()
                + "."
                + f.javaName()
                + " is stored as '"
                + KEY_FIELD
                + "', which the rethinkdb driver reserves for long"
                + " keys; store it under another name with @Field(name = ...)");
      }
    }
    for (Property<T, ?> p : schema.indexes()) {
      kindOf(p, "@Index field");
      if (!INDEX_NAME.matcher(p.storedName()).matches()) {
        throw new IllegalArgumentException(
            "cannot index "
                + schema.modelName()
                + "."
                + p.name()
                + " in RethinkDB: its stored name '"
                + p.storedName()
                + "' would make an index name"
                + " RethinkDB refuses (letters, digits, '_' and '-' only); store it under another"
                + " name with @Field(name = ...)");
      }
    }
  }

  private IndexKeys.Kind kindOf(Property<T, ?> p, String what) {
    try {
      return IndexKeys.Kind.of(p.descriptor().type());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot use "
              + schema.modelName()
              + "."
              + p.name()
              + " as a "
              + what
              + " in RethinkDB: "
              + e.getMessage());
    }
  }

  // ---- keys ------------------------------------------------------------------------------------

  /** The primary key ({@code id}) of the document with {@code key}. */
  Object primaryKey(K key) {
    Object[] components = schema.keyComponents(key);
    for (Object c : components) {
      checkText("the key", c);
    }
    Object id = components.length == 1 ? storedComponent(components[0]) : json(components);
    return plain(id) ? id : digest(components);
  }

  /** A composite key as JSON text of its stored components: {@code ["o-1",10]}. */
  private static String json(Object[] components) {
    List<Object> parts = new ArrayList<>(components.length);
    for (Object c : components) {
      parts.add(storedComponent(c));
    }
    try {
      return JSON.writeValueAsString(parts);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write the key " + parts + " as JSON", e);
    }
  }

  private static boolean plain(Object id) {
    if (id instanceof String s) {
      return !s.startsWith(DIGEST_PREFIX)
          && s.getBytes(StandardCharsets.UTF_8).length <= MAX_PLAIN_KEY_BYTES;
    }
    return true;
  }

  /**
   * A key component as stored. Components come as {@link ModelSchema#keyComponents} returns them
   * (integers widened to {@code Long}), so they are encoded by their own type, the way the tree
   * writer encodes the field.
   */
  private static Object storedComponent(Object c) {
    if (c instanceof Enum<?> e) {
      return e.name();
    }
    if (c instanceof UUID
        || c instanceof LocalDate
        || c instanceof LocalDateTime
        || c instanceof Character) {
      return c.toString();
    }
    if (c instanceof Float f) {
      return StoredValues.storedDouble(Double.parseDouble(Float.toString(f)));
    }
    return StoredValues.toStored(c);
  }

  private static String digest(Object[] components) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(TupleKey.encode(components));
      return DIGEST_PREFIX + "sha256:" + HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The limits checked before writing. */
  DriverLimits limits() {
    return limits;
  }

  /** Whether the key field is stored as {@code id}, so a server-generated id is the key. */
  boolean keyIsId() {
    return keyIsId;
  }

  /** The sort-key kinds of the key components, in key order. */
  List<IndexKeys.Kind> keyKinds() {
    return keyKinds;
  }

  /** The stored value of key component {@code i} in a document (a ReQL row). */
  ReqlExpr keyValue(ReqlExpr row, int i) {
    if (keyIsId) {
      return row.g(KEY_FIELD).default_(row.g(ID));
    }
    return row.g(keys.get(i).storedName());
  }

  /** The stored value of {@code p} in a document (null when missing). */
  ReqlExpr fieldValue(ReqlExpr row, Property<T, ?> p) {
    int k = keyPosition(p);
    if (k >= 0) {
      return keyValue(row, k);
    }
    return row.g(p.storedName()).default_((Object) null);
  }

  /** The position of {@code p} in the key, or -1. */
  int keyPosition(Property<T, ?> p) {
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i).storedName().equals(p.storedName())) {
        return i;
      }
    }
    return -1;
  }

  /** The sort keys of the key components of a document, in key order. */
  List<ReqlExpr> keyKeys(ReqlExpr row) {
    List<ReqlExpr> out = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      out.add(IndexKeys.nonNullKey(keyKinds.get(i), keyValue(row, i)));
    }
    return out;
  }

  // ---- documents -------------------------------------------------------------------------------

  /**
   * A document ready to send: its primary key (null when the server generates it) and its JSON
   * text, which the server parses ({@link #term()}; see {@link StoredJson} for why).
   */
  record StoredDocument(Object id, String json) {
    /** The document as a ReQL term: {@code r.json(text)}. */
    ReqlExpr term() {
      return r.json(json);
    }
  }

  /**
   * The document to store for {@code model}, whose key is {@code key} (null: generated by the
   * server).
   *
   * @throws LimitExceededException when its JSON text is larger than the driver's {@code
   *     maxRecordBytes}
   */
  StoredDocument toDocument(T model, K key) {
    Map<String, Object> tree = TreeFormat.encode(schema, model);
    Map<String, Object> doc = new LinkedHashMap<>(tree.size() * 2 + 2);
    if (key != null) {
      Object id = primaryKey(key);
      doc.put(ID, id);
      if (keyIsId && id instanceof String s && s.startsWith(DIGEST_PREFIX)) {
        doc.put(KEY_FIELD, storedComponent(schema.keyComponents(key)[0]));
      }
    }
    for (Map.Entry<String, Object> e : tree.entrySet()) {
      checkText("field '" + e.getKey() + "'", e.getValue());
      if (!(keyIsId && e.getKey().equals(ID))) {
        doc.put(storedName(e.getKey()), storedField(e.getKey(), e.getValue()));
      }
    }
    String json = StoredJson.write(doc);
    // At most three bytes of UTF-8 per char: only long documents are measured.
    if ((long) json.length() * 3 > limits.maxRecordBytes()) {
      limits.checkRecordBytes(json.getBytes(StandardCharsets.UTF_8).length, schema.modelName());
    }
    return new StoredDocument(doc.get(ID), json);
  }

  /** A stored list or map as a ReQL term the server parses; other values as they are. */
  static Object term(Object stored) {
    return stored instanceof Map || stored instanceof List
        ? r.json(StoredJson.write(stored))
        : stored;
  }

  /**
   * The stored form of the value of the top-level field {@code name} of a tree: by the field's
   * type, or schemaless for an {@code @Extra} entry.
   */
  Object storedField(String name, Object value) {
    return stored.toStored(value, stored.fieldType(name));
  }

  /**
   * The stored name of a top-level key of the tree. Field names are their own; a key of an
   * {@code @Extra} field named like the driver's own fields ({@code id}, {@code osmos_key}) is
   * escaped like a reserved key, so that user data can neither move nor rename the document.
   */
  static String storedName(String key) {
    return key.equals(ID) || key.equals(KEY_FIELD)
        ? StoredValues.ESCAPE + key
        : StoredValues.storedKey(key);
  }

  /** The stored form of one field's value (for patches and query bounds). */
  @SuppressWarnings("unchecked")
  Object storedValue(Property<T, ?> p, Object value) {
    ValueCodec<Object> codec = (ValueCodec<Object>) p.codec();
    return stored.toStored(
        checkText("a value of " + p.name(), TreeFormat.encodeValue(codec, value)),
        p.descriptor().type());
  }

  /**
   * {@code value}, after checking that no string in it (map keys and list elements included) holds
   * a lone surrogate. Such a string is not Unicode text, and the RethinkDB Java driver sends
   * queries as UTF-8, where it would become '?': a + U+D800 would be stored, or looked up, as "a?".
   *
   * @param what names the value in the error, e.g. "field 'name'"
   * @throws IllegalArgumentException naming the surrogate and where it is
   */
  static <V> V checkText(String what, V value) {
    if (value instanceof String s) {
      for (int i = 0, n = s.length(); i < n; i++) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else if (Character.isSurrogate(c)) {
          throw new IllegalArgumentException(
              what
                  + " holds a lone surrogate (U+"
                  + HexFormat.of().withUpperCase().toHexDigits(c)
                  + ") at char "
                  + i
                  + ", which is"
                  + " not Unicode text: RethinkDB would get '?' in its place; pair it or remove it");
        }
      }
    } else if (value instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        checkText(what, e.getKey());
        checkText(what, e.getValue());
      }
    } else if (value instanceof List<?> l) {
      for (Object x : l) {
        checkText(what, x);
      }
    }
    return value;
  }

  /** The tree value of a stored field value, for decoding one field (increments). */
  Object treeValue(Property<T, ?> p, Object stored) {
    return this.stored.fromStored(stored, p.descriptor().type());
  }

  /**
   * The model a document read as JSON text ({@code toJsonString()}) holds, or null for {@code
   * "null"} (no document).
   *
   * @throws DecodeException naming the bucket when the text is not a document, or it does not fit
   *     the model
   */
  T fromJson(String json) {
    Map<?, ?> doc = readDocument(json);
    return doc == null ? null : fromDocument(doc);
  }

  /**
   * The document a JSON text holds, or null for {@code "null"}.
   *
   * @throws DecodeException naming the bucket when the text is not an object
   */
  Map<?, ?> readDocument(String json) {
    Object doc;
    try {
      doc = StoredJson.read(json);
    } catch (IllegalArgumentException e) {
      throw (DecodeException)
          new DecodeException(
                  "a document of bucket " + bucket + " cannot be" + " read: " + e.getMessage(), e)
              .in(null, bucket, null, null);
    }
    if (doc != null && !(doc instanceof Map)) {
      throw (DecodeException)
          new DecodeException("<document>", "an object", doc).in(null, bucket, null, null);
    }
    return (Map<?, ?>) doc;
  }

  /**
   * The model a stored document holds.
   *
   * @throws DecodeException naming the bucket and key when it does not fit the model
   */
  T fromDocument(Map<?, ?> doc) {
    // The driver's own fields first: the rest are the model's (escaped extra keys included).
    Map<Object, Object> fields = new LinkedHashMap<>(doc);
    Object longKey = fields.remove(KEY_FIELD);
    if (!keyIsId) {
      fields.remove(ID);
    }
    Map<String, Object> tree = stored.fromStored(fields);
    if (keyIsId && longKey != null) {
      tree.put(ID, stored.fromStored(longKey, keys.get(0).descriptor().type()));
    }
    try {
      return TreeFormat.decode(schema, tree);
    } catch (DecodeException e) {
      throw (DecodeException) e.in(null, bucket, describeKey(doc), null);
    }
  }

  /** The key of a stored document as text, for messages. */
  String describeKey(Map<?, ?> doc) {
    if (keyIsId) {
      Object k = doc.get(KEY_FIELD);
      return String.valueOf(k != null ? k : doc.get(ID));
    }
    if (keys.size() == 1) {
      return String.valueOf(doc.get(keys.get(0).storedName()));
    }
    Object[] parts = new Object[keys.size()];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = doc.get(keys.get(i).storedName());
    }
    return Arrays.toString(parts);
  }

  /** The key as text, for messages. */
  String describe(K key) {
    Object[] c = schema.keyComponents(key);
    return c.length == 1 ? String.valueOf(c[0]) : Arrays.toString(c);
  }
}
