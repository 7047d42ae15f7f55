package io.osmos.redis;

import io.osmos.annotations.Embeddable;

/** A nested value: stored as JSON text in one hash field. */
@Embeddable
public record Address(String city, String postcode) {}
