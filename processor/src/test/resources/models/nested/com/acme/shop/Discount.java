package com.acme.shop;

import io.osmos.annotations.Embeddable;
import jakarta.validation.constraints.Max;

@Embeddable
public record Discount(String code, @Max(100) int percent) {}
