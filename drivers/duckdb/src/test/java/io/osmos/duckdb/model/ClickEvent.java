package io.osmos.duckdb.model;

import io.osmos.annotations.Index;
import io.osmos.annotations.Key;
import io.osmos.annotations.Model;
import io.osmos.annotations.Timestamp;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A click on a link, the stream of the pipeline tests and of {@code docs/streams.md}. */
@Model(bucket = "clicks", driver = "events", kind = Model.Kind.STREAM)
public record ClickEvent(
    @Key String id,
    @Timestamp Instant time,
    @Index String page,
    String country,
    BigDecimal revenue,
    List<String> tags) {}
