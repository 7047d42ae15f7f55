package io.osmos.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an instance method of a model as a hook, called by generated code (no reflection). The
 * method takes no parameters. A {@code WILL_*} hook may veto by throwing; a {@code WILL_SAVE} or
 * {@code WILL_VALIDATE} hook of a record may return a replacement of the model's own type.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Hook {
  /** The events the method handles. */
  Event[] value();

  /** Hook events on a single model instance (delete works by key, so it has no instance hook). */
  enum Event {
    WILL_VALIDATE,
    DID_VALIDATE,
    WILL_SAVE,
    DID_SAVE,
    DID_GET
  }
}
