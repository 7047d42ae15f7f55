package io.osmos.riak.model;

import io.osmos.annotations.Index;
import io.osmos.annotations.Key;
import io.osmos.annotations.Model;

/** A model Riak cannot serve: its {@code @Index} is on a double. */
@Model(bucket = "gauges", driver = "riak")
public record Gauge(@Key String id, @Index double level) {}
