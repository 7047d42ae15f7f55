package io.osmos.processor.model;

import io.osmos.processor.query.QueryPlan;
import java.util.List;
import java.util.Map;

/**
 * A repository method the check stage found sound, with what the writer needs to implement it.
 *
 * @param method the method
 * @param model the entity's model
 * @param plan the query it runs; null for a lifecycle method
 * @param attributes the model's field for each attribute path the plan names (dotted)
 * @param arguments the method's parameters that bind the plan's positions {@code ?1, ?2, ...}, in
 *     that order
 * @param positions for a plan with named parameters: the position each name binds
 */
public record ResolvedMethod(
    RepositoryMethod method,
    ModelInfo model,
    QueryPlan plan,
    Map<String, PropertyInfo> attributes,
    List<String> arguments,
    Map<String, Integer> positions) {
  public ResolvedMethod {
    attributes = Map.copyOf(attributes);
    arguments = List.copyOf(arguments);
    positions = Map.copyOf(positions);
  }
}
