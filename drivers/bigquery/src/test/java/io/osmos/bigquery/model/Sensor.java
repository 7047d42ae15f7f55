package io.osmos.bigquery.model;

import io.osmos.annotations.Key;
import io.osmos.annotations.Model;
import io.osmos.annotations.Timestamp;
import java.time.Instant;
import java.time.LocalDate;

/** Five key fields: BigQuery clusters on at most four. */
@Model(bucket = "sensors", driver = "warehouse", kind = Model.Kind.STREAM)
public record Sensor(
    @Key String site,
    @Key int rack,
    @Key LocalDate installed,
    @Key boolean primary,
    @Key long serial,
    @Timestamp Instant time,
    double value) {}
