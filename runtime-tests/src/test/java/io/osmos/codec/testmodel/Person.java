package io.osmos.codec.testmodel;

import io.osmos.annotations.Default;
import io.osmos.annotations.Extra;
import io.osmos.annotations.Key;
import io.osmos.annotations.Model;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The codec tests' model: one field of each kind a codec has to handle, and the stored fields it
 * does not declare in {@code extra}. Equality compares {@code avatar} by content. The primitives
 * have defaults, so tests of one field can store that field alone.
 */
@Model(bucket = "people", driver = "db")
public record Person(
    @Key String id,
    @Default("0") long age,
    @Default("0") int score,
    @Default("0") double ratio,
    @Default("0") float weight,
    @Default("false") boolean active,
    Level level,
    Instant createdAt,
    BigDecimal balance,
    BigInteger big,
    byte[] avatar,
    UUID ref,
    LocalDate birthday,
    Duration timeout,
    Address address,
    List<String> tags,
    Set<Level> levels,
    Map<String, Long> counts,
    Optional<String> nickname,
    List<Address> previous,
    @Extra Map<String, Object> extra) {

  /** A person with only the primitives set (zero/false) and everything else absent. */
  public static Person empty(String id) {
    return new Person(
        id,
        0,
        0,
        0,
        0,
        false,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        Optional.empty(),
        null,
        Map.of());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Person p
        && Objects.equals(id, p.id)
        && age == p.age
        && score == p.score
        && Double.compare(ratio, p.ratio) == 0
        && Float.compare(weight, p.weight) == 0
        && active == p.active
        && level == p.level
        && Objects.equals(createdAt, p.createdAt)
        && Objects.equals(balance, p.balance)
        && Objects.equals(big, p.big)
        && Arrays.equals(avatar, p.avatar)
        && Objects.equals(ref, p.ref)
        && Objects.equals(birthday, p.birthday)
        && Objects.equals(timeout, p.timeout)
        && Objects.equals(address, p.address)
        && Objects.equals(tags, p.tags)
        && Objects.equals(levels, p.levels)
        && Objects.equals(counts, p.counts)
        && Objects.equals(nickname, p.nickname)
        && Objects.equals(previous, p.previous)
        && Objects.equals(extra, p.extra);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, age, score, level, createdAt);
  }

  @Override
  public String toString() {
    return "Person[id="
        + id
        + ", age="
        + age
        + ", score="
        + score
        + ", ratio="
        + ratio
        + ", weight="
        + weight
        + ", active="
        + active
        + ", level="
        + level
        + ", createdAt="
        + createdAt
        + ", balance="
        + balance
        + ", big="
        + big
        + ", avatar="
        + Arrays.toString(avatar)
        + ", ref="
        + ref
        + ", birthday="
        + birthday
        + ", timeout="
        + timeout
        + ", address="
        + address
        + ", tags="
        + tags
        + ", levels="
        + levels
        + ", counts="
        + counts
        + ", nickname="
        + nickname
        + ", previous="
        + previous
        + ", extra="
        + extra
        + "]";
  }
}
