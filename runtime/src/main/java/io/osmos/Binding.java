package io.osmos;

import io.osmos.exceptions.CapabilityException;
import io.osmos.exceptions.DriverException;
import io.osmos.exceptions.OsmosException;
import io.osmos.schema.ModelSchema;
import io.osmos.spi.Driver;
import io.osmos.spi.DriverLimits;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A repository's binding to its driver, shared by both kinds of repository: the driver found by
 * name, the label errors name it by, its limits, and the one place every driver call passes
 * through, which adds the context (driver, bucket, key, operation) to Osmos errors and wraps any
 * other exception of the driver.
 */
final class Binding<T, K> {
  private final Osmos osmos;
  private final ModelSchema<T, K> schema;
  private final String driverName;
  private final Driver driver;
  private final String label;
  private final LimitChecks<T, K> checks;

  /**
   * @throws io.osmos.exceptions.DriverNotFoundException if no driver is registered under {@code
   *     driverName}
   */
  Binding(Osmos osmos, String driverName, ModelSchema<T, K> schema) {
    this.osmos = Objects.requireNonNull(osmos, "osmos");
    this.schema = Objects.requireNonNull(schema, "schema");
    this.driver = osmos.driver(driverName);
    this.driverName = driverName;
    this.label = driverName + " (" + driver.kind() + ")";
    this.checks = new LimitChecks<>(schema, driver.limits(), label);
    osmos.bound(driverName, schema);
  }

  Osmos osmos() {
    return osmos;
  }

  Driver driver() {
    return driver;
  }

  /** The name the driver is registered under. */
  String driverName() {
    return driverName;
  }

  /** How errors name the driver: {@code db (redis)}. */
  String label() {
    return label;
  }

  DriverLimits limits() {
    return checks.limits();
  }

  LimitChecks<T, K> checks() {
    return checks;
  }

  /**
   * The error for a driver that lacks what the model needs: {@code what} says what the model is and
   * needs, e.g. "a document model and needs a DocumentStore".
   */
  CapabilityException missing(String what) {
    return (CapabilityException)
        new CapabilityException(
                schema.modelName()
                    + " is "
                    + what
                    + ", but driver '"
                    + driverName
                    + "' ("
                    + driver.kind()
                    + ") offers "
                    + Capabilities.of(driver))
            .in(label, schema.bucket(), null, "bind");
  }

  /** Adds this binding's context to {@code e}. */
  <E extends OsmosException> E in(E e, Object key, String op) {
    e.in(label, schema.bucket(), key, op);
    return e;
  }

  /**
   * Runs a driver call that names {@code key} (or none, when null), adding context to Osmos errors,
   * wrapping anything else, and telling the registry's observers.
   */
  <R> R call(String op, Object key, Supplier<R> action) {
    return call(op, key, key == null ? 0 : 1, action);
  }

  /** Runs a driver call that concerns {@code keyCount} keys (a batch); see the other. */
  <R> R call(String op, Object key, int keyCount, Supplier<R> action) {
    Observation observation =
        osmos.observe(driverName, driver.kind(), schema.bucket(), op, keyCount);
    R result;
    try {
      result = wrap(op, key, action);
    } catch (RuntimeException e) {
      if (observation != null) {
        observation.failure(e);
      }
      throw e;
    }
    if (observation != null) {
      observation.success();
    }
    return result;
  }

  /**
   * Runs work that is not a driver call (encoding a record, advancing a cursor already opened) with
   * the same error context, unobserved.
   */
  <R> R wrap(String op, Object key, Supplier<R> action) {
    try {
      return action.get();
    } catch (OsmosException e) {
      throw e.in(label, schema.bucket(), key, op);
    } catch (RuntimeException e) {
      throw new DriverException(driver.kind() + " failed: " + e, e)
          .in(label, schema.bucket(), key, op);
    }
  }
}
