package io.osmos.processor.model;

import io.osmos.annotations.Hook;
import java.util.List;
import javax.lang.model.element.ExecutableElement;

/**
 * A {@code @Hook} method of a model.
 *
 * @param method the method
 * @param events the events it handles, in the order written
 * @param returnsModel whether it returns the model's own type (a replacement)
 * @param origin the {@code @Hook} annotation
 */
public record HookInfo(
    ExecutableElement method, List<Hook.Event> events, boolean returnsModel, Origin origin) {
  public HookInfo {
    events = List.copyOf(events);
  }

  public String name() {
    return method.getSimpleName().toString();
  }
}
