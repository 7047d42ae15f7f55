package io.osmos.codec.testmodel;

import io.osmos.annotations.Model;
import io.osmos.codec.Codecs;
import io.osmos.codec.FieldDescriptor;
import io.osmos.codec.FieldDescriptor.Role;
import io.osmos.codec.FieldNames;
import io.osmos.codec.FieldReader;
import io.osmos.codec.FieldType;
import io.osmos.codec.FieldWriter;
import io.osmos.codec.ValueCodec;
import io.osmos.query.NumberProperty;
import io.osmos.query.Property;
import io.osmos.query.StringProperty;
import io.osmos.schema.KeyGeneration;
import io.osmos.schema.ModelSchema;
import io.osmos.validation.Violations;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The metamodel of {@link Person}, written by hand the way the processor generates it (the runtime
 * is built before the processor, so its tests cannot run it): a {@link FieldNames} table, one codec
 * constant per composite field type, and {@code encode}/{@code decode} over the streaming SPI.
 */
public final class Person_ extends ModelSchema<Person, String> {
  public static final FieldNames NAMES =
      FieldNames.of(
          "id", "age", "score", "ratio", "weight", "active", "level", "createdAt", "balance", "big",
          "avatar", "ref", "birthday", "timeout", "address", "tags", "levels", "counts",
          "nickname", "previous");

  public static final ValueCodec<Level> LEVEL = Codecs.enumeration(Level.values());
  public static final ValueCodec<List<String>> TAGS = Codecs.list(Codecs.STRING);
  public static final ValueCodec<Set<Level>> LEVELS = Codecs.set(LEVEL);
  public static final ValueCodec<Map<String, Long>> COUNTS = Codecs.map(Codecs.LONG);
  public static final ValueCodec<Optional<String>> NICKNAME = Codecs.optional(Codecs.STRING);
  public static final ValueCodec<List<Address>> PREVIOUS = Codecs.list(Address_.CODEC);

  private static final List<FieldDescriptor> FIELDS =
      List.of(
          field(0, "id", FieldType.STRING, Role.KEY),
          field(1, "age", FieldType.INT64, Role.PLAIN),
          field(2, "score", FieldType.INT32, Role.PLAIN),
          field(3, "ratio", FieldType.FLOAT64, Role.PLAIN),
          field(4, "weight", FieldType.FLOAT32, Role.PLAIN),
          field(5, "active", FieldType.BOOLEAN, Role.PLAIN),
          field(6, "level", LEVEL.type(), Role.PLAIN),
          field(7, "createdAt", FieldType.INSTANT, Role.PLAIN),
          field(8, "balance", FieldType.DECIMAL, Role.PLAIN),
          field(9, "big", FieldType.BIG_INTEGER, Role.PLAIN),
          field(10, "avatar", FieldType.BYTES, Role.PLAIN),
          field(11, "ref", FieldType.UUID, Role.PLAIN),
          field(12, "birthday", FieldType.LOCAL_DATE, Role.PLAIN),
          field(13, "timeout", FieldType.DURATION, Role.PLAIN),
          field(14, "address", Address_.TYPE, Role.PLAIN),
          field(15, "tags", TAGS.type(), Role.PLAIN),
          field(16, "levels", LEVELS.type(), Role.PLAIN),
          field(17, "counts", COUNTS.type(), Role.PLAIN),
          field(18, "nickname", NICKNAME.type(), Role.PLAIN),
          field(19, "previous", PREVIOUS.type(), Role.PLAIN));

  public static final StringProperty<Person> id =
      new StringProperty<>(FIELDS.get(0), Codecs.STRING, Person::id);
  public static final NumberProperty<Person, Long> age =
      new NumberProperty<>(FIELDS.get(1), Codecs.LONG, Person::age);
  public static final Property<Person, Address> address =
      new Property<>(FIELDS.get(14), Address_.CODEC, Person::address);
  public static final Property<Person, List<String>> tags =
      new Property<>(FIELDS.get(15), TAGS, Person::tags);

  public static final Person_ MODEL = new Person_();

  private Person_() {
    super("Person", "people", "db", Model.Kind.DOCUMENT, NAMES, FIELDS, List.of(id), List.of(),
        KeyGeneration.STRING);
  }

  private static FieldDescriptor field(int index, String name, FieldType type, Role role) {
    boolean primitive = index >= 1 && index <= 5;
    return new FieldDescriptor(index, name, name, type, !primitive, role, false);
  }

  @Override
  public String key(Person model) {
    return model.id();
  }

  @Override
  public Person withKey(Person m, String key) {
    return new Person(key, m.age(), m.score(), m.ratio(), m.weight(), m.active(), m.level(),
        m.createdAt(), m.balance(), m.big(), m.avatar(), m.ref(), m.birthday(), m.timeout(),
        m.address(), m.tags(), m.levels(), m.counts(), m.nickname(), m.previous(), m.extra());
  }

  @Override
  public Object[] keyComponents(String key) {
    return new Object[] {key};
  }

  @Override
  public String keyOf(Object[] components) {
    return (String) components[0];
  }

  @Override
  public void encode(Person m, FieldWriter out) {
    out.beginObject();
    out.name(NAMES.name(0));
    if (m.id() == null) {
      out.nul();
    } else {
      out.string(m.id());
    }
    out.name(NAMES.name(1));
    out.int64(m.age());
    out.name(NAMES.name(2));
    out.int32(m.score());
    out.name(NAMES.name(3));
    out.float64(m.ratio());
    out.name(NAMES.name(4));
    out.float32(m.weight());
    out.name(NAMES.name(5));
    out.bool(m.active());
    out.name(NAMES.name(6));
    if (m.level() == null) {
      out.nul();
    } else {
      LEVEL.write(m.level(), out);
    }
    out.name(NAMES.name(7));
    if (m.createdAt() == null) {
      out.nul();
    } else {
      out.instant(m.createdAt());
    }
    out.name(NAMES.name(8));
    if (m.balance() == null) {
      out.nul();
    } else {
      out.decimal(m.balance());
    }
    out.name(NAMES.name(9));
    if (m.big() == null) {
      out.nul();
    } else {
      out.bigInteger(m.big());
    }
    out.name(NAMES.name(10));
    if (m.avatar() == null) {
      out.nul();
    } else {
      out.bytes(m.avatar());
    }
    out.name(NAMES.name(11));
    if (m.ref() == null) {
      out.nul();
    } else {
      out.uuid(m.ref());
    }
    out.name(NAMES.name(12));
    if (m.birthday() == null) {
      out.nul();
    } else {
      out.localDate(m.birthday());
    }
    out.name(NAMES.name(13));
    if (m.timeout() == null) {
      out.nul();
    } else {
      out.duration(m.timeout());
    }
    out.name(NAMES.name(14));
    if (m.address() == null) {
      out.nul();
    } else {
      Address_.CODEC.write(m.address(), out);
    }
    out.name(NAMES.name(15));
    if (m.tags() == null) {
      out.nul();
    } else {
      TAGS.write(m.tags(), out);
    }
    out.name(NAMES.name(16));
    if (m.levels() == null) {
      out.nul();
    } else {
      LEVELS.write(m.levels(), out);
    }
    out.name(NAMES.name(17));
    if (m.counts() == null) {
      out.nul();
    } else {
      COUNTS.write(m.counts(), out);
    }
    out.name(NAMES.name(18));
    if (m.nickname() == null) {
      out.nul();
    } else {
      NICKNAME.write(m.nickname(), out);
    }
    out.name(NAMES.name(19));
    if (m.previous() == null) {
      out.nul();
    } else {
      PREVIOUS.write(m.previous(), out);
    }
    if (m.extra() != null) {
      for (Map.Entry<String, Object> e : m.extra().entrySet()) {
        out.name(e.getKey());
        out.any(e.getValue());
      }
    }
    out.endObject();
  }

  @Override
  public Person decode(FieldReader in) {
    in.beginObject();
    String id = null;
    long age = 0;
    int score = 0;
    double ratio = 0;
    float weight = 0;
    boolean active = false;
    Level level = null;
    Instant createdAt = null;
    BigDecimal balance = null;
    BigInteger big = null;
    byte[] avatar = null;
    UUID ref = null;
    LocalDate birthday = null;
    Duration timeout = null;
    Address address = null;
    List<String> tags = null;
    Set<Level> levels = null;
    Map<String, Long> counts = null;
    Optional<String> nickname = Optional.empty();
    List<Address> previous = null;
    Map<String, Object> extra = new LinkedHashMap<>();
    int i;
    while ((i = in.nextField(NAMES, extra)) >= 0) {
      switch (i) {
        case 0:
          id = in.tryNull() ? null : in.string();
          break;
        case 1:
          age = in.int64();
          break;
        case 2:
          score = in.int32();
          break;
        case 3:
          ratio = in.float64();
          break;
        case 4:
          weight = in.float32();
          break;
        case 5:
          active = in.bool();
          break;
        case 6:
          level = in.tryNull() ? null : LEVEL.read(in);
          break;
        case 7:
          createdAt = in.tryNull() ? null : in.instant();
          break;
        case 8:
          balance = in.tryNull() ? null : in.decimal();
          break;
        case 9:
          big = in.tryNull() ? null : in.bigInteger();
          break;
        case 10:
          avatar = in.tryNull() ? null : in.bytes();
          break;
        case 11:
          ref = in.tryNull() ? null : in.uuid();
          break;
        case 12:
          birthday = in.tryNull() ? null : in.localDate();
          break;
        case 13:
          timeout = in.tryNull() ? null : in.duration();
          break;
        case 14:
          address = in.tryNull() ? null : Address_.CODEC.read(in);
          break;
        case 15:
          tags = in.tryNull() ? null : TAGS.read(in);
          break;
        case 16:
          levels = in.tryNull() ? null : LEVELS.read(in);
          break;
        case 17:
          counts = in.tryNull() ? null : COUNTS.read(in);
          break;
        case 18:
          nickname = in.tryNull() ? Optional.empty() : NICKNAME.read(in);
          break;
        case 19:
          previous = in.tryNull() ? null : PREVIOUS.read(in);
          break;
        default:
          in.skip();
      }
    }
    return new Person(id, age, score, ratio, weight, active, level, createdAt, balance, big,
        avatar, ref, birthday, timeout, address, tags, levels, counts, nickname, previous,
        Collections.unmodifiableMap(extra));
  }

  @Override
  public void validate(Person model, Violations violations) {}
}
