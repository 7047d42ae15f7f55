package io.osmos.riak.model;

import io.osmos.annotations.Field;
import io.osmos.annotations.Index;
import io.osmos.annotations.Key;
import io.osmos.annotations.Model;

/** A model whose index name the Riak client would mangle: it holds "_bin". */
@Model(bucket = "legacy", driver = "riak")
public record Legacy(@Key String id, @Index @Field(name = "code_bin_v1") String code) {}
