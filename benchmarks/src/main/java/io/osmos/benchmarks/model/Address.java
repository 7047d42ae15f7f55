package io.osmos.benchmarks.model;

import io.osmos.annotations.Embeddable;

/** A postal address, nested in an order. */
@Embeddable
public record Address(String street, String city, String postcode, String country) {}
