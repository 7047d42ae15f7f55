package io.osmos.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an instance method of a model as a hook, called by generated code (no reflection), and
 * names the events hooks run at: the same events run a model's hook methods and the hooks
 * registered on a repository ({@code repository.hooks().on(Hook.Event.WILL_SAVE, ctx -> ...)}).
 *
 * <p>The method takes no parameters. A {@code WILL_*} hook may veto by throwing; a {@code
 * WILL_SAVE} or {@code WILL_VALIDATE} hook of a record may return a replacement of the model's own
 * type. Methods handle the events that have a model instance ({@link Event#onModel()}); deletes,
 * finds, updates and the start of a get work by key or query, so only repository hooks see them.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Hook {
  /** The events the method handles. */
  Event[] value();

  /** The points of a repository operation where hooks run. */
  enum Event {
    WILL_VALIDATE,
    DID_VALIDATE,
    WILL_SAVE,
    DID_SAVE,
    WILL_DELETE,
    DID_DELETE,
    WILL_GET,
    DID_GET,
    WILL_FIND,
    DID_FIND,
    WILL_UPDATE,
    DID_UPDATE;

    /** Whether hooks at this point run before the store is touched (and so can veto). */
    public boolean before() {
      return name().startsWith("WILL_");
    }

    /**
     * Whether a model's own {@code @Hook} methods can handle it: it has a model instance (validate,
     * save, and a get's result).
     */
    public boolean onModel() {
      return switch (this) {
        case WILL_VALIDATE, DID_VALIDATE, WILL_SAVE, DID_SAVE, DID_GET -> true;
        default -> false;
      };
    }
  }
}
