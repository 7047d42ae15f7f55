package io.osmos.data;

import io.osmos.exceptions.OsmosException;

/**
 * The driver cannot serve the operation or query (no {@code @Index} for a condition, a capability
 * the driver lacks): Jakarta's form of Osmos's {@code UnsupportedQueryException} and {@code
 * CapabilityException}. Its message is the Osmos message, context included, and its cause the Osmos
 * exception.
 */
public final class OsmosUnsupportedOperationException
    extends java.lang.UnsupportedOperationException implements OsmosContext {
  private static final long serialVersionUID = 1L;

  private final transient OsmosException osmos;

  /** The Jakarta exception standing for {@code osmos}. */
  public OsmosUnsupportedOperationException(OsmosException osmos) {
    super(osmos.getMessage(), osmos);
    this.osmos = osmos;
  }

  @Override
  public OsmosException osmosException() {
    return osmos;
  }
}
