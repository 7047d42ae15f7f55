package io.osmos.samples.shop;

import io.osmos.annotations.Index;
import io.osmos.annotations.Key;
import io.osmos.annotations.Model;
import io.osmos.annotations.Version;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/** A customer; the store generates the id on insert. Found by e-mail through its index. */
@Model(bucket = "customers", driver = "db")
public record Customer(
    @Key String id,
    @Index @NotBlank @Email String email,
    @NotBlank String name,
    Address address,
    @NotNull Tier tier,
    @Version long version) {}
