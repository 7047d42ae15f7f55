package io.osmos;

/**
 * A repository hook. A hook at a {@code WILL_*} point vetoes the operation by throwing (or calling
 * {@link HookContext#veto}): nothing is written and the caller gets that exception. A hook at a
 * {@code DID_*} point sees the result and may replace it.
 */
@FunctionalInterface
public interface HookHandler<T> {
  void handle(HookContext<T> context);
}
