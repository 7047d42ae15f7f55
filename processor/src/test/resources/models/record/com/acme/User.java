package com.acme;

import io.osmos.annotations.Index;
import io.osmos.annotations.Key;
import io.osmos.annotations.Model;
import io.osmos.annotations.Version;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@Model(bucket = "users", driver = "db")
public record User(
    @Key String id,
    @Index @Email String email,
    @Min(0) @Max(150) int age,
    Address address,
    List<String> tags,
    Map<String, Integer> scores,
    Optional<String> nickname,
    Status status,
    @Index Instant createdAt,
    @Version long version) {}
