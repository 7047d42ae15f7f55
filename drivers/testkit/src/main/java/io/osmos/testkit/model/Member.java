package io.osmos.testkit.model;

import io.osmos.annotations.Default;
import io.osmos.annotations.Field;
import io.osmos.annotations.Index;
import io.osmos.annotations.Key;
import io.osmos.annotations.Model;

/**
 * A document whose model changed after documents were stored: {@code fullName} was stored as {@code
 * name}, and {@code level} was added with a default. {@code visits} must always be stored.
 *
 * @param team groups the members one test creates, so index queries see only them
 */
@Model(bucket = "osmos_tk_members", driver = TestModels.DRIVER)
public record Member(
    @Key String id,
    @Index
        @Field(
            name = "fullName",
            aliases = {"name"})
        String fullName,
    @Index String team,
    @Default("1") int level,
    long visits) {

  /** This member with another full name. */
  public Member withFullName(String newName) {
    return new Member(id, newName, team, level, visits);
  }
}
