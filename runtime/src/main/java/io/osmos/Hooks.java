package io.osmos;

import io.osmos.annotations.Hook;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The hooks registered on one repository. Hooks run in registration order on the caller's thread;
 * the first that throws stops the operation (at a {@code WILL_*} point) or reaches the caller (at a
 * {@code DID_*} point, after the store was changed).
 */
public final class Hooks<T> {
  private final Map<Hook.Event, List<HookHandler<T>>> hooks = new EnumMap<>(Hook.Event.class);
  private volatile boolean any;

  Hooks() {
    for (Hook.Event e : Hook.Event.values()) {
      hooks.put(e, new CopyOnWriteArrayList<>());
    }
  }

  /** Registers {@code hook} at {@code event}. */
  public Hooks<T> on(Hook.Event event, HookHandler<T> hook) {
    hooks.get(Objects.requireNonNull(event)).add(Objects.requireNonNull(hook));
    any = true;
    return this;
  }

  /**
   * Removes a hook registered with {@link #on}.
   *
   * @throws IllegalArgumentException if it was not registered there
   */
  public Hooks<T> off(Hook.Event event, HookHandler<T> hook) {
    if (!hooks.get(event).remove(hook)) {
      throw new IllegalArgumentException("that hook is not registered at " + event);
    }
    return this;
  }

  boolean has(Hook.Event event) {
    return any && !hooks.get(event).isEmpty();
  }

  /** Runs the hooks of {@code context.event()}; returns the context for its model and result. */
  HookContext<T> run(HookContext<T> context) {
    for (HookHandler<T> h : hooks.get(context.event())) {
      h.handle(context);
    }
    return context;
  }
}
