package io.osmos.samples.shop;

/** A customer's loyalty tier, stored by name. */
public enum Tier {
  STANDARD,
  GOLD
}
