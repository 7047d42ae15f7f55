package io.osmos.data;

import io.osmos.exceptions.OsmosException;

/**
 * An insert found an entity with the same key stored: Jakarta's form of Osmos's {@code
 * DuplicateKeyException}. Its message is the Osmos message, context included, and its cause the
 * Osmos exception.
 */
public final class OsmosEntityExistsException extends jakarta.data.exceptions.EntityExistsException
    implements OsmosContext {
  private static final long serialVersionUID = 1L;

  private final transient OsmosException osmos;

  /** The Jakarta exception standing for {@code osmos}. */
  public OsmosEntityExistsException(OsmosException osmos) {
    super(osmos.getMessage(), osmos);
    this.osmos = osmos;
  }

  @Override
  public OsmosException osmosException() {
    return osmos;
  }
}
