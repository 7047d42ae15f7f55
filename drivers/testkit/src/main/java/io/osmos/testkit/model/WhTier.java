package io.osmos.testkit.model;

/** An enum of the warehouse suite, stored by name. */
public enum WhTier {
  BASIC,
  PREMIUM
}
