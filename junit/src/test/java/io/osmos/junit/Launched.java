package io.osmos.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class that only {@link TestRuns} runs, with the configuration it sets: when a build
 * selects it directly (e.g. {@code -Dtest=...} patterns that include nested classes) it is
 * disabled.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(Launched.Condition.class)
@interface Launched {
  /** Enables the class only under {@link TestRuns}. */
  final class Condition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(TestRuns.LAUNCHED).isPresent()
          ? ConditionEvaluationResult.enabled("run by TestRuns")
          : ConditionEvaluationResult.disabled("run by the test that encloses it only");
    }
  }
}
