package io.osmos.rethinkdb.model;

import io.osmos.annotations.Key;
import io.osmos.annotations.Model;
import java.util.UUID;

/** A document whose {@code UUID} key is generated when missing. */
@Model(bucket = "rdb_badges", driver = "rdb")
public record Badge(@Key UUID id, String label) {}
