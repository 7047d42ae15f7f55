package io.osmos.query;

/**
 * A parameter slot in a query plan, filled per call by {@link Query#bind(Object...)} (positional)
 * or {@link Query#bind(java.util.Map)} (named). Generated repositories build each plan once, as a
 * constant with parameters, and bind the method's arguments on each call; a plan is immutable and
 * can be shared between threads.
 *
 * <p>A parameter may stand wherever a condition takes a value: {@link Condition.Eq#value()}, the
 * bounds of a {@link Condition.Range}, a {@link Condition.Prefix} or {@link Condition.Like}
 * operand, and an element of {@link Condition.In#values()}, where a parameter bound to a collection
 * or an array contributes each of its elements.
 *
 * @param name the name ({@code :name} in JDQL), or null for a positional parameter
 * @param position the 1-based position ({@code ?1}), or 0 for a named parameter
 */
public record Param(String name, int position) {
  /** Checks that exactly one of name and position is given. */
  public Param {
    if (name == null ? position < 1 : position != 0) {
      throw new IllegalArgumentException(
          "a parameter has either a name or a position >= 1, not "
              + (name == null ? "position " + position : "both '" + name + "' and " + position));
    }
    if (name != null && name.isEmpty()) {
      throw new IllegalArgumentException("a parameter name cannot be empty");
    }
  }

  /** Whether the parameter is named. */
  public boolean named() {
    return name != null;
  }

  @Override
  public String toString() {
    return name != null ? ":" + name : "?" + position;
  }
}
