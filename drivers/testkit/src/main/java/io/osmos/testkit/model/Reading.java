package io.osmos.testkit.model;

import io.osmos.annotations.Index;
import io.osmos.annotations.Key;
import io.osmos.annotations.Model;
import io.osmos.annotations.Timestamp;
import jakarta.validation.constraints.NotBlank;
import java.time.Instant;

/**
 * A stream record with a composite key: index reads may constrain {@code device} (the leftmost key
 * field) alone, or {@code device} and then {@code seq}, but never {@code seq} alone.
 *
 * @param time last writer wins by it
 * @param site a secondary index
 */
@Model(bucket = "osmos_tk_readings", driver = TestModels.STREAMS, kind = Model.Kind.STREAM)
public record Reading(
    @Key String device,
    @Key long seq,
    @Timestamp Instant time,
    @Index @NotBlank String site,
    double value) {}
