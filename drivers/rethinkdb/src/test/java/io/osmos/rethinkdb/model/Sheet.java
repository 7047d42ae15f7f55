package io.osmos.rethinkdb.model;

import io.osmos.annotations.Extra;
import io.osmos.annotations.Index;
import io.osmos.annotations.Key;
import io.osmos.annotations.Model;
import java.util.List;
import java.util.Map;

/** A document whose maps hold keys of any content, at every depth. */
@Model(bucket = "rdb_sheets", driver = "rdb")
public record Sheet(
    @Key String id,
    @Index String title,
    Map<String, String> labels,
    List<Map<String, String>> rows,
    Map<String, Map<String, Long>> nested,
    byte[] blob,
    @Extra Map<String, Object> extra) {}
