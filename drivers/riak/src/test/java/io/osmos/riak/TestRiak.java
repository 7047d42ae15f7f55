package io.osmos.riak;

import com.basho.riak.client.api.cap.VClock;
import com.basho.riak.client.core.query.Namespace;
import com.basho.riak.client.core.query.RiakObject;
import com.basho.riak.client.core.query.indexes.IndexType;
import com.basho.riak.client.core.query.indexes.RawIndex;
import com.basho.riak.client.core.util.BinaryValue;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import io.osmos.codec.json.JsonFormat;
import io.osmos.codec.tree.TreeFormat;
import io.osmos.query.Property;
import io.osmos.schema.ModelSchema;
import io.osmos.testkit.server.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The fake Riak server the tests share, and raw access to what the driver stores. */
final class TestRiak {
  private TestRiak() {}

  /** The fake server, started once per test JVM and stopped at exit. */
  static FakeRiakServer fake() {
    return TestServers.requireOrSkip(
        "riak-fake",
        () -> {
          FakeRiakServer s = FakeRiakServer.start();
          TestServers.atExit(s::close);
          return s;
        });
  }

  /** Raw access to one bucket through the driver's own Riak client. */
  static RiakBucket bucket(RiakDriver driver, String bucket) {
    return new RiakBucket(
        driver.client().getRiakCluster(), new Namespace(driver.bucketType(), bucket), 10_000, 4);
  }

  /**
   * Stores a document as another Riak client would: JSON with the model's index entries, after the
   * key's current vector clock (so it replaces what is there) unless {@code vclock} is false (then,
   * in a bucket with allow_mult, it becomes a sibling).
   */
  /** The top-level field names of the stored value of {@code key} (its first sibling), or null. */
  static <T, K> Set<String> storedFieldNames(RiakDriver driver, ModelSchema<T, K> model, K key) {
    List<RiakObject> found =
        bucket(driver, model.bucket()).fetch(new RiakKeyCodec<>(model).encode(key), false);
    if (found.isEmpty()) {
      return null;
    }
    try (JsonParser p = JsonFormat.createParser(found.get(0).getValue().getValue())) {
      return ((Map<?, ?>) JsonFormat.reader(p).any())
          .keySet().stream().map(String::valueOf).collect(Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static <T, K> void putRaw(
      RiakDriver driver,
      ModelSchema<T, K> model,
      K key,
      Map<String, Object> document,
      boolean vclock) {
    RiakBucket b = bucket(driver, model.bucket());
    byte[] kb = new RiakKeyCodec<>(model).encode(key);
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    try (JsonGenerator g = JsonFormat.createGenerator(json)) {
      JsonFormat.writer(g).any(document);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RiakObject o =
        new RiakObject()
            .setContentType("application/json")
            .setValue(BinaryValue.create(json.toByteArray()));
    if (vclock) {
      List<RiakObject> current = b.fetch(kb, true);
      VClock vc = current.isEmpty() ? null : current.get(0).getVClock();
      if (vc != null) {
        o.setVClock(vc);
      }
    }
    for (Property<T, ?> p : model.indexes()) {
      Object value =
          TreeFormat.decodeValue(p.codec(), document.get(p.storedName()), p.storedName());
      if (value != null) {
        IndexField<T> f = IndexField.of(model, p);
        o.getIndexes()
            .getIndex(
                RawIndex.named(
                    f.name, f.type == IndexField.Type.BIN ? IndexType.BIN : IndexType.INT))
            .add(BinaryValue.create(f.wire(f.term(value))));
      }
    }
    try {
      b.store(kb, o, false, false);
    } catch (RiakBucket.Conflict c) {
      throw new IllegalStateException(c);
    }
  }
}
