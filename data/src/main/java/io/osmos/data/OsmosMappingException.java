package io.osmos.data;

import io.osmos.exceptions.OsmosException;

/**
 * Stored data did not fit the entity: Jakarta's form of Osmos's {@code DecodeException}. Its
 * message is the Osmos message, context included, and its cause the Osmos exception.
 */
public final class OsmosMappingException extends jakarta.data.exceptions.MappingException
    implements OsmosContext {
  private static final long serialVersionUID = 1L;

  private final transient OsmosException osmos;

  /** The Jakarta exception standing for {@code osmos}. */
  public OsmosMappingException(OsmosException osmos) {
    super(osmos.getMessage(), osmos);
    this.osmos = osmos;
  }

  @Override
  public OsmosException osmosException() {
    return osmos;
  }
}
