package io.osmos.rethinkdb.model;

import io.osmos.annotations.Key;
import io.osmos.annotations.Model;
import io.osmos.annotations.Version;

/** A document with a generated {@code long} key and a float to increment. */
@Model(bucket = "rdb_tallies", driver = "rdb")
public record Tally(
    @Key long id,
    String name,
    long hits,
    float ratio,
    java.math.BigDecimal amount,
    @Version long version) {}
