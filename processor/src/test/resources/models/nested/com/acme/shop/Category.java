package com.acme.shop;

import io.osmos.annotations.Embeddable;
import java.util.List;

/** Contains itself through a list, which ends the nesting. */
@Embeddable
public record Category(String name, List<Category> children) {}
