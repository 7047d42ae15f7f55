package io.osmos.processor.check;

import io.osmos.annotations.Hook;
import io.osmos.processor.model.HookInfo;
import io.osmos.processor.model.ModelInfo;

/** The rules for {@code @Hook} methods: what generated code can call, and when. */
final class HookValidator {
  void validate(ModelInfo m, ValidationReport.Builder report) {
    for (HookInfo h : m.hooks()) {
      Message problem = problem(m, h);
      Hook.Event noModel = h.events().stream().filter(e -> !e.onModel()).findFirst().orElse(null);
      if (problem != null) {
        report.add(problem, h.origin(), h.name(), m.simpleName(), h.returnType());
      } else if (noModel != null) {
        report.add(Message.HOOK_EVENT, h.origin(), h.name(), m.simpleName(), noModel);
      } else if (h.returnsModel()) {
        for (Hook.Event e : h.events()) {
          if (e != Hook.Event.WILL_SAVE && e != Hook.Event.WILL_VALIDATE) {
            report.add(Message.HOOK_REPLACEMENT, h.origin(), h.name(), m.simpleName(), e);
            break;
          }
        }
      }
    }
  }

  // The first thing wrong with the method itself, or null.
  private static Message problem(ModelInfo m, HookInfo h) {
    if (!m.isModel()) {
      return Message.HOOK_IN_EMBEDDABLE;
    } else if (h.events().isEmpty()) {
      return Message.HOOK_NO_EVENT;
    } else if (h.isStatic()) {
      return Message.HOOK_STATIC;
    } else if (h.isPrivate()) {
      return Message.HOOK_PRIVATE;
    } else if (h.takesParameters()) {
      return Message.HOOK_PARAMETERS;
    } else if (h.generic()) {
      return Message.HOOK_GENERIC;
    } else if (h.throwsChecked()) {
      return Message.HOOK_THROWS;
    } else if (!h.returnsVoid() && !h.returnsModel()) {
      return Message.HOOK_RETURN_TYPE;
    }
    return null;
  }
}
