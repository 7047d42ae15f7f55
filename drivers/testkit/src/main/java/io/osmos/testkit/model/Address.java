package io.osmos.testkit.model;

import io.osmos.annotations.Embeddable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A nested value: constraint violations inside it are reported as {@code address.city}. */
@Embeddable
public record Address(@NotBlank String city, @Size(max = 12) String postcode) {}
