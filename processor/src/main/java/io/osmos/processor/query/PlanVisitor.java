package io.osmos.processor.query;

/**
 * Receives each attribute and operand of a {@link QueryPlan} in the order they are written, with
 * what it is used for, so that a checker can resolve attribute paths against the entity and check
 * each parameter's type against the attribute it meets. Every method does nothing by default.
 *
 * @see QueryPlan#accept(PlanVisitor)
 */
public interface PlanVisitor {
  /**
   * The entity named after {@code FROM} or {@code UPDATE}.
   *
   * @param entity the name as written
   */
  default void entity(EntityName entity) {}

  /**
   * An attribute the query reads, tests, sorts on or changes.
   *
   * @param attribute the attribute and its case folding
   * @param use what the query does with it
   */
  default void attribute(AttributeRef attribute, AttributeUse use) {}

  /**
   * An operand of a condition, with the attribute it is compared with. The condition tells how: for
   * an {@link Condition.In} the operand is one value (or, if it is the only one and a parameter,
   * possibly a collection); for a {@link Condition.Like} it is text.
   *
   * @param operand the parameter or literal
   * @param attribute the attribute it meets
   * @param condition the test both belong to
   */
  default void operand(Operand operand, AttributeRef attribute, Condition condition) {}

  /**
   * The operand of an {@code UPDATE} assignment.
   *
   * @param operand the parameter or literal
   * @param assignment the assignment it belongs to
   */
  default void operand(Operand operand, Assignment assignment) {}

  /** What a query does with an attribute. */
  enum AttributeUse {
    /** The one attribute a {@code SELECT} returns. */
    SELECTED,
    /** Tested in the condition. */
    CONDITION,
    /** Sorted on. */
    ORDER,
    /** Changed by an {@code UPDATE}. */
    ASSIGNED
  }
}
