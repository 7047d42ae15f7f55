package io.osmos.codec.testmodel;

/** An enum field type of the test model. */
public enum Level {
  LOW,
  MEDIUM,
  HIGH
}
