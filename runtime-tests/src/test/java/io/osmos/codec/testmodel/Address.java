package io.osmos.codec.testmodel;

import io.osmos.annotations.Embeddable;

/** A nested type of {@link Person}, stored inside it. */
@Embeddable
public record Address(String street, String city, Integer floor) {}
