package io.osmos.testkit.model;

import io.osmos.annotations.Index;
import io.osmos.annotations.Key;
import io.osmos.annotations.Model;
import jakarta.validation.constraints.Positive;

/** A document with a composite key: keys sort by order, then by line number (as a number). */
@Model(bucket = "osmos_tk_lines", driver = TestModels.DRIVER)
public record OrderLine(
    @Key String orderId, @Key int lineNo, @Index String sku, @Positive int quantity) {}
