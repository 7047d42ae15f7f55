package io.osmos.samples.shop;

import io.osmos.annotations.Convert;
import io.osmos.annotations.Key;
import io.osmos.annotations.Model;
import io.osmos.annotations.Version;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * A product. {@code stock} is changed by atomic increments when orders are placed, never by
 * read-modify-write, so concurrent orders cannot oversell.
 */
@Model(bucket = "products", driver = "db")
public record Product(
    @Key String sku,
    @NotBlank String title,
    @NotNull @Convert(MoneyConverter.class) Money price,
    @Min(0) int stock,
    @Version long version) {}
