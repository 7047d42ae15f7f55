package com.acme.shop;

import io.osmos.annotations.Embeddable;

@Embeddable
public record Address(String street, String city) {}
