package io.osmos.codec.evolution;

import io.osmos.annotations.Default;
import io.osmos.annotations.Field;
import io.osmos.annotations.Key;
import io.osmos.annotations.Model;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model as it is after several releases: a renamed field with its former names, fields added with
 * defaults, and fields every stored document must hold.
 */
@Model(bucket = "members", driver = "db")
public record Member(
    @Key String id,
    @Field(
            name = "fullName",
            aliases = {"name", "displayName"})
        String fullName,
    @Default("1") int level,
    @Default("BASIC") Tier tier,
    @Default List<String> tags,
    @Default Map<String, Long> counts,
    @Default("2020-01-01T00:00:00Z") Instant joined,
    @Default("n/a") @NotNull String note,
    @NotNull String email,
    long visits,
    Integer score,
    Optional<String> nickname,
    Home home) {

  /** Membership tiers. */
  public enum Tier {
    BASIC,
    GOLD
  }
}
