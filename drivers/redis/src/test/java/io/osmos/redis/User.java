package io.osmos.redis;

import io.osmos.annotations.Index;
import io.osmos.annotations.Key;
import io.osmos.annotations.Model;
import io.osmos.annotations.Version;
import java.time.Instant;
import java.util.List;

/** The model the README's layout example shows. */
@Model(bucket = "users", driver = "db")
public record User(
    @Key String id,
    @Index String email,
    int age,
    boolean active,
    Address address,
    List<String> tags,
    @Index Instant createdAt,
    @Version long version) {}
