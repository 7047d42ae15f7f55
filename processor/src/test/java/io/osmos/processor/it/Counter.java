package io.osmos.processor.it;

import io.osmos.annotations.Key;
import io.osmos.annotations.Model;

/** A model whose {@code long} key the store generates. */
@Model(bucket = "counters", driver = "db")
public record Counter(@Key long id, long hits) {}
