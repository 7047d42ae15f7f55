package io.osmos.samples.shop;

import io.osmos.annotations.Index;
import io.osmos.annotations.Key;
import io.osmos.annotations.Model;
import io.osmos.annotations.Timestamp;
import jakarta.validation.constraints.NotBlank;
import java.time.Instant;

/**
 * A page view on the shop's web site, Beneath-style: published to a queue, then kept in a lookup
 * service (newest record per key, a log to replay) by an indexing subscriber.
 */
@Model(bucket = "clicks", driver = "events", kind = Model.Kind.STREAM)
public record ClickEvent(
    @Key String sessionId,
    @Key long seq,
    @Timestamp Instant at,
    @Index String customerId,
    @NotBlank String page) {}
