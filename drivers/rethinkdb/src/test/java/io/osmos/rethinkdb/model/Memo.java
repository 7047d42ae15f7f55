package io.osmos.rethinkdb.model;

import io.osmos.annotations.Extra;
import io.osmos.annotations.Key;
import io.osmos.annotations.Model;
import java.util.Map;

/** A document whose key field is not {@code id}, with fields it does not declare. */
@Model(bucket = "rdb_memos", driver = "rdb")
public record Memo(@Key String code, String text, @Extra Map<String, Object> extra) {}
