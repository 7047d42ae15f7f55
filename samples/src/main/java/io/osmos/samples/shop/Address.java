package io.osmos.samples.shop;

import io.osmos.annotations.Embeddable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** A postal address, stored inside a customer. */
@Embeddable
public record Address(
    @NotBlank String street,
    @NotBlank String city,
    @Pattern(regexp = "[0-9A-Z -]{3,10}") String postcode,
    @Pattern(regexp = "[A-Z]{2}") String country) {}
