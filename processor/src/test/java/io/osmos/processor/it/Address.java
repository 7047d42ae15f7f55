package io.osmos.processor.it;

import io.osmos.annotations.Embeddable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** An embeddable nested in {@link Person}. */
@Embeddable
public record Address(@NotBlank String street, @Size(max = 5) String zip) {}
