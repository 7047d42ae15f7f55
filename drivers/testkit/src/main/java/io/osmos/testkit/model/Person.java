package io.osmos.testkit.model;

import io.osmos.annotations.Index;
import io.osmos.annotations.Key;
import io.osmos.annotations.Model;
import io.osmos.annotations.Version;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.util.List;

/**
 * The main document of the suite: a generated String key, three indexes, constraints at the top
 * level, in a nested type and in list elements, counters for increments, and a version.
 *
 * @param team groups the people one test creates, so index queries see only them
 * @param score nullable, to check that an increment of a missing value starts at 0
 */
@Model(bucket = "osmos_tk_people", driver = TestModels.DRIVER)
public record Person(
    @Key String id,
    @Index @Email String email,
    @Index String name,
    @Index String team,
    @Min(0) @Max(150) int age,
    long visits,
    Integer score,
    Address address,
    List<@NotBlank String> tags,
    @Version long version) {

  /** This person with another name. */
  public Person withName(String newName) {
    return new Person(id, email, newName, team, age, visits, score, address, tags, version);
  }

  /** This person with another age. */
  public Person withAge(int newAge) {
    return new Person(id, email, name, team, newAge, visits, score, address, tags, version);
  }

  /** This person with another visit count. */
  public Person withVisits(long newVisits) {
    return new Person(id, email, name, team, age, newVisits, score, address, tags, version);
  }

  /** This person with another version. */
  public Person withVersion(long newVersion) {
    return new Person(id, email, name, team, age, visits, score, address, tags, newVersion);
  }
}
