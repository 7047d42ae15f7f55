package io.osmos.benchmarks.model;

import io.osmos.annotations.Index;
import io.osmos.annotations.Key;
import io.osmos.annotations.Model;
import io.osmos.annotations.Timestamp;
import java.time.Instant;

/**
 * The stream record of the stream-backend benchmarks: a composite key (user, sequence number), a
 * record time, one secondary index and an unindexed payload that brings it to about 1 KB of JSON.
 */
@Model(bucket = "bench_clicks", driver = "clicks", kind = Model.Kind.STREAM)
public record Click(
    @Key String user,
    @Key long seq,
    @Timestamp Instant at,
    @Index String page,
    String referrer,
    String payload) {}
