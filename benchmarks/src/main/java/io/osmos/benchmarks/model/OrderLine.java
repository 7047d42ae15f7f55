package io.osmos.benchmarks.model;

import io.osmos.annotations.Embeddable;
import java.math.BigDecimal;

/** One line of an order, nested in it. */
@Embeddable
public record OrderLine(String sku, String name, int quantity, BigDecimal unitPrice) {}
