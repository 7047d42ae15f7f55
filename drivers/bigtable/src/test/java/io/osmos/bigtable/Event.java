package io.osmos.bigtable;

import io.osmos.annotations.Index;
import io.osmos.annotations.Key;
import io.osmos.annotations.Model;
import io.osmos.annotations.Timestamp;
import java.time.Instant;

/**
 * A stream record for the Bigtable driver's own tests: a composite key, two secondary indexes (a
 * string and a number) and a field that is not indexed.
 */
@Model(bucket = "bt_events", driver = "events", kind = Model.Kind.STREAM)
public record Event(
    @Key String user,
    @Key long seq,
    @Timestamp Instant at,
    @Index String kind,
    @Index int level,
    String payload) {}
