package io.osmos.redis;

import io.osmos.annotations.Index;
import io.osmos.annotations.Key;
import io.osmos.annotations.Model;

/** A document with a store-generated long key, for the fault test's concurrent writers. */
@Model(bucket = "jobs", driver = "db")
public record Job(@Key long id, @Index String state, @Index long priority, String note) {}
