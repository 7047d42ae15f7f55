package io.osmos.samples.shop;

import io.osmos.annotations.Key;
import io.osmos.annotations.Model;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

/** A customer's review of a product: one per (product, customer), the composite key. */
@Model(bucket = "reviews", driver = "db")
public record Review(
    @Key String sku,
    @Key String customerId,
    @Min(1) @Max(5) int stars,
    @Size(max = 500) String text) {}
