package io.osmos.testkit.model;

import io.osmos.annotations.Key;
import io.osmos.annotations.Model;

/** A document whose nesting depth is up to its data: the nesting limit on every write path. */
@Model(bucket = "osmos_tk_outlines", driver = TestModels.DRIVER)
public record Outline(@Key String id, Section root) {}
