package io.osmos.codec.evolution;

import io.osmos.annotations.Default;
import io.osmos.annotations.Embeddable;
import io.osmos.annotations.Field;
import jakarta.validation.constraints.NotNull;

/** A nested type with the same rules as a model: a former name, a default, a required field. */
@Embeddable
public record Home(
    @Field(aliases = "town") String city, @NotNull String zip, @Default("0") int floor) {}
