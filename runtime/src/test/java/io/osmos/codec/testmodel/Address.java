package io.osmos.codec.testmodel;

/** An {@code @Embeddable} of the test model. */
public record Address(String street, String city, Integer floor) {}
