package io.osmos.testkit.model;

/** An enum stored by name. */
public enum Level {
  LOW,
  HIGH
}
