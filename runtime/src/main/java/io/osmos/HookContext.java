package io.osmos;

import io.osmos.annotations.Hook;
import io.osmos.exceptions.HookVetoException;
import io.osmos.query.Patch;
import io.osmos.query.Query;

/**
 * What a hook sees: the event and operation, and (depending on the event) the model, key, query,
 * patch and result. {@code WILL_SAVE} and {@code WILL_VALIDATE} hooks may replace the model; {@code
 * DID_*} hooks may replace the result. Replacements are what gets written and returned (unlike the
 * Node.js Osmos library, where a {@code willSave} change was silently lost).
 */
public final class HookContext<T> {
  private final Hook.Event event;
  private final String operation;
  private final String bucket;
  private T model;
  private final Object key;
  private final Query<T> query;
  private final Patch<T> patch;
  private Object result;

  HookContext(
      Hook.Event event,
      String operation,
      String bucket,
      T model,
      Object key,
      Query<T> query,
      Patch<T> patch,
      Object result) {
    this.event = event;
    this.operation = operation;
    this.bucket = bucket;
    this.model = model;
    this.key = key;
    this.query = query;
    this.patch = patch;
    this.result = result;
  }

  public Hook.Event event() {
    return event;
  }

  /** The repository operation: get, insert, save, saveAll, update, delete, find, ... */
  public String operation() {
    return operation;
  }

  public String bucket() {
    return bucket;
  }

  /** The model being validated or saved (null for operations by key). */
  public T model() {
    return model;
  }

  /**
   * Replaces the model to validate or save; only in {@code WILL_SAVE} and {@code WILL_VALIDATE}.
   */
  public void model(T replacement) {
    if (event != Hook.Event.WILL_SAVE && event != Hook.Event.WILL_VALIDATE) {
      throw new IllegalStateException(
          "the model can be replaced in WILL_SAVE and WILL_VALIDATE"
              + " hooks only, not in "
              + event);
    }
    this.model = java.util.Objects.requireNonNull(replacement);
  }

  /** The key (get, update, delete), or null. */
  public Object key() {
    return key;
  }

  /** The query (find), or null. */
  public Query<T> query() {
    return query;
  }

  /** The patch (update), or null. */
  public Patch<T> patch() {
    return patch;
  }

  /**
   * The operation's result in {@code DID_*} hooks: the stored model (save, insert), an {@code
   * Optional} (get, update), a {@code Page} (find), a {@code Boolean} (delete).
   */
  public Object result() {
    return result;
  }

  /** Replaces the result the caller gets; only in {@code DID_*} hooks, and of the same kind. */
  public void result(Object replacement) {
    if (event.before()) {
      throw new IllegalStateException("a result can be replaced in DID_* hooks only, not " + event);
    }
    this.result = replacement;
  }

  /** Vetoes the operation; only in {@code WILL_*} hooks. */
  public void veto(String reason) {
    if (!event.before()) {
      throw new IllegalStateException(event + " runs after the store was changed; it cannot veto");
    }
    throw new HookVetoException(reason);
  }
}
