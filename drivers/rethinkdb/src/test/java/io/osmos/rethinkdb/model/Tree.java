package io.osmos.rethinkdb.model;

import io.osmos.annotations.Key;
import io.osmos.annotations.Model;

/** A document holding a recursive nested type. */
@Model(bucket = "rdb_trees", driver = "rdb")
public record Tree(@Key String id, Node root) {}
