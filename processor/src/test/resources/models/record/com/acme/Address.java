package com.acme;

import io.osmos.annotations.Embeddable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

@Embeddable
public record Address(@NotBlank String street, String city, @Size(min = 4, max = 10) String zip) {}
