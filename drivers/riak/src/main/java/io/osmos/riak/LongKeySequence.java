package io.osmos.riak;

import com.basho.riak.client.api.cap.VClock;
import com.basho.riak.client.core.query.RiakObject;
import com.basho.riak.client.core.util.BinaryValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.osmos.codec.json.JsonFormat;
import io.osmos.exceptions.ConcurrentUpdateException;
import io.osmos.exceptions.DriverException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The sequence that generated {@code long} keys come from: one JSON document {@code {"last": N}}
 * per model bucket, in the bucket {@value #BUCKET} of the driver's bucket type, under the model
 * bucket's name. Each key is taken by a conditional write (vector clock + {@code if_not_modified}),
 * retried when another writer took a value first; siblings of the document merge by their highest
 * value, so no value is handed out twice by writers that see each other's writes.
 */
final class LongKeySequence {
  static final String BUCKET = "osmos_sequences";

  private final RiakBucket bucket;
  private final byte[] key;
  private final String name;
  private final WriteRetry retry;

  LongKeySequence(RiakBucket bucket, String modelBucket, WriteRetry retry) {
    this.bucket = bucket;
    this.key = modelBucket.getBytes(StandardCharsets.UTF_8);
    this.name = modelBucket;
    this.retry = retry;
  }

  /** The next value (1 for the first). */
  long next() {
    for (int attempt = 0; ; attempt++) {
      List<RiakObject> objects = bucket.fetch(key, false);
      VClock vclock = objects.isEmpty() ? null : objects.get(0).getVClock();
      long last = 0;
      boolean live = false;
      for (RiakObject o : objects) {
        if (!o.isDeleted() && o.hasValue()) {
          live = true;
          last = Math.max(last, parse(o.getValue().unsafeGetValue()));
        }
      }
      long next = last + 1;
      RiakObject content =
          new RiakObject()
              .setContentType(RiakCollection.JSON)
              .setValue(BinaryValue.create("{\"last\":" + next + "}"))
              .setVClock(vclock);
      try {
        bucket.store(key, content, !live, live);
        return next;
      } catch (RiakBucket.Conflict c) {
        if (!retry.pause(attempt)) {
          throw new ConcurrentUpdateException(
              "could not take a key from the sequence of bucket '"
                  + name
                  + "' after "
                  + (attempt + 1)
                  + " attempts: other writers kept taking them");
        }
      }
    }
  }

  private long parse(byte[] json) {
    try (JsonParser p = JsonFormat.createParser(json)) {
      if (p.nextToken() == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          JsonToken t = p.nextToken();
          if (field.equals("last") && t == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
          }
          p.skipChildren();
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new DriverException(
          "the key sequence of bucket '"
              + name
              + "' ("
              + bucket.describe()
              + ", key '"
              + name
              + "') is not a document {\"last\": N}",
          e);
    }
    throw new DriverException(
        "the key sequence of bucket '"
            + name
            + "' ("
            + bucket.describe()
            + ", key '"
            + name
            + "') is not a document {\"last\": N}");
  }
}
