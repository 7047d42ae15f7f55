package com.acme.shop;

import io.osmos.annotations.Embeddable;
import jakarta.validation.constraints.NotBlank;
import java.math.BigDecimal;

@Embeddable
public record Product(@NotBlank String sku, BigDecimal price) {}
