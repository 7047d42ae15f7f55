package io.osmos.junit;

/** How long the {@link io.osmos.Osmos} registry of an {@link OsmosTest} lives. */
public enum RegistryScope {
  /**
   * A registry, and new drivers, for each test, closed after it. Tests of the class may run in
   * parallel: they share no driver. Drivers on {@code memory:} start empty; others are cleared
   * after each test.
   */
  PER_TEST,

  /**
   * One registry for the test class, closed after its last test; its drivers are cleared after each
   * test. Tests of the class must not run in parallel with each other.
   */
  PER_CLASS
}
