package com.acme;

import io.osmos.annotations.Default;
import io.osmos.annotations.Embeddable;
import io.osmos.annotations.Field;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

@Embeddable
public record Address(
    @NotBlank String street,
    @Field(aliases = {"town"}) String city,
    @Size(min = 4, max = 10) String zip,
    @Default("1") int floor,
    @Default("DE") @NotNull String country,
    @Default List<String> notes) {}
