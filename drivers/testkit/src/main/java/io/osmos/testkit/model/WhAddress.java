package io.osmos.testkit.model;

import io.osmos.annotations.Embeddable;

/** A nested value of the warehouse suite: a struct column, also inside a list. */
@Embeddable
public record WhAddress(String city, String postcode) {}
