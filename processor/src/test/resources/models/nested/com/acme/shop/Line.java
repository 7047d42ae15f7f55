package com.acme.shop;

import io.osmos.annotations.Embeddable;
import jakarta.validation.constraints.Positive;

@Embeddable
public record Line(Product product, @Positive int quantity) {}
