package io.osmos.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record or class as a stored model. The processor generates, next to it, {@code X_}
 * (metamodel and codec), {@code XPatch} (typed patch builder) and {@code XRepository}.
 *
 * <pre>{@code
 * @Model(bucket = "users", driver = "db")
 * public record User(@Key String id, @Index String email, @Version long version) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Model {
  /**
   * Where the driver keeps the models: a table, a Redis key prefix, a topic. {@code
   * [A-Za-z0-9_-]{1,63}}.
   */
  String bucket();

  /** The name under which the driver is registered with {@code Osmos}, e.g. {@code "db"}. */
  String driver();

  /** What the model is: a document (get/save/update) or a stream record (publish/lookup/query). */
  Kind kind() default Kind.DOCUMENT;

  /** The two families of drivers. */
  enum Kind {
    /** Stored in a {@code DocumentStore}: get, insert, save, update, delete, find. */
    DOCUMENT,
    /**
     * A Beneath-style stream record: published to a {@code MessageQueue}, kept in a {@code
     * LookupService} (log + indexes, last writer wins by {@link Timestamp}) and, when the driver
     * offers one, a {@code WarehouseService}. Needs a {@link Key} and a {@link Timestamp}.
     */
    STREAM
  }
}
