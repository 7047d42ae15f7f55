package io.osmos.processor.model;

import io.osmos.annotations.Hook;
import java.util.List;

/**
 * A {@code @Hook} method of a model, with what decides whether generated code can call it.
 *
 * @param name the method's name
 * @param events the events it handles, in the order written
 * @param origin the {@code @Hook} annotation
 * @param isStatic whether it is static
 * @param isPrivate whether it is private
 * @param takesParameters whether it declares parameters
 * @param generic whether it declares type parameters
 * @param throwsChecked whether it declares a checked exception
 * @param returnsVoid whether it returns void
 * @param returnsModel whether it returns the model's own type (a replacement)
 * @param returnType its return type as users write it
 */
public record HookInfo(
    String name,
    List<Hook.Event> events,
    Origin origin,
    boolean isStatic,
    boolean isPrivate,
    boolean takesParameters,
    boolean generic,
    boolean throwsChecked,
    boolean returnsVoid,
    boolean returnsModel,
    String returnType) {
  public HookInfo {
    events = List.copyOf(events);
  }
}
