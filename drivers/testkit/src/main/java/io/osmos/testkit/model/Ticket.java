package io.osmos.testkit.model;

import io.osmos.annotations.Key;
import io.osmos.annotations.Model;

/** A document whose {@code long} key the store generates when it is 0. */
@Model(bucket = "osmos_tk_tickets", driver = TestModels.DRIVER)
public record Ticket(@Key long id, String title) {}
