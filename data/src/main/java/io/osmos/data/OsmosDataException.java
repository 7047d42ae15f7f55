package io.osmos.data;

import io.osmos.exceptions.OsmosException;

/**
 * Any other failure of the store or of Osmos (driver errors, limits, cursors): Jakarta's form of
 * the remaining Osmos exceptions. Its message is the Osmos message, context included, and its cause
 * the Osmos exception.
 */
public final class OsmosDataException extends jakarta.data.exceptions.DataException
    implements OsmosContext {
  private static final long serialVersionUID = 1L;

  private final transient OsmosException osmos;

  /** The Jakarta exception standing for {@code osmos}. */
  public OsmosDataException(OsmosException osmos) {
    super(osmos.getMessage(), osmos);
    this.osmos = osmos;
  }

  @Override
  public OsmosException osmosException() {
    return osmos;
  }
}
