package io.osmos.data;

import io.osmos.query.Query;

/**
 * A query plan of a generated repository, checked against the driver when the repository binds. A
 * plan the driver cannot serve (a condition on a field without {@code @Index} on a store that
 * evaluates queries with its indexes only) makes each call of its method throw {@link
 * UnsupportedOperationException} at once, naming the attribute and the {@code @Index} that would
 * serve it; the repository's other methods work.
 *
 * @param <T> the entity
 */
public final class CheckedQuery<T> {
  private final Query<T> plan;
  private final OsmosUnsupportedOperationException declined;

  CheckedQuery(Query<T> plan, OsmosUnsupportedOperationException declined) {
    this.plan = plan;
    this.declined = declined;
  }

  /** The plan, with its parameters unbound. */
  public Query<T> plan() {
    return plan;
  }

  /** Whether the driver serves the plan. */
  public boolean served() {
    return declined == null;
  }

  /**
   * The plan with its positional parameters bound to {@code values}.
   *
   * @throws UnsupportedOperationException if the driver does not serve the plan
   */
  public Query<T> bind(Object... values) {
    if (declined != null) {
      throw new OsmosUnsupportedOperationException(declined.osmosException());
    }
    return values.length == 0 ? plan : plan.bind(values);
  }
}
