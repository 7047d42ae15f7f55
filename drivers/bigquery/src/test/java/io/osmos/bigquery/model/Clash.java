package io.osmos.bigquery.model;

import io.osmos.annotations.Field;
import io.osmos.annotations.Key;
import io.osmos.annotations.Model;
import io.osmos.annotations.Timestamp;
import java.time.Instant;

/** A field stored under a name the driver keeps for itself. */
@Model(bucket = "clash", driver = "warehouse", kind = Model.Kind.STREAM)
public record Clash(@Key String id, @Timestamp Instant time, @Field(name = "__key") String key) {}
