package io.osmos.data;

import io.osmos.exceptions.OsmosException;

/**
 * A method that returns one entity, or an Optional, found several. Its message is the Osmos
 * message, context included, and its cause the Osmos exception.
 */
public final class OsmosNonUniqueResultException
    extends jakarta.data.exceptions.NonUniqueResultException implements OsmosContext {
  private static final long serialVersionUID = 1L;

  private final transient OsmosException osmos;

  /** The Jakarta exception standing for {@code osmos}. */
  public OsmosNonUniqueResultException(OsmosException osmos) {
    super(osmos.getMessage(), osmos);
    this.osmos = osmos;
  }

  @Override
  public OsmosException osmosException() {
    return osmos;
  }
}
