package io.osmos.processor.it;

import io.osmos.annotations.Extra;
import io.osmos.annotations.Hook;
import io.osmos.annotations.Index;
import io.osmos.annotations.Key;
import io.osmos.annotations.Model;
import io.osmos.annotations.Version;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A record model exercised at run time by {@code GeneratedCodeTest}. */
@Model(bucket = "people", driver = "db")
public record Person(
    @Key String id,
    @Index @NotNull @Email String email,
    @Min(0) @Max(150) int age,
    Address address,
    List<@NotBlank String> tags,
    Map<String, Integer> scores,
    Optional<String> nickname,
    Level level,
    Instant joined,
    @Extra Map<String, Object> unknown,
    @Version long version) {

  /** Membership levels. */
  public enum Level {
    BASIC,
    GOLD
  }

  @Hook(Hook.Event.WILL_SAVE)
  Person withDefaults() {
    return tags == null
        ? new Person(
            id, email, age, address, List.of(), scores, nickname, level, joined, unknown, version)
        : this;
  }
}
