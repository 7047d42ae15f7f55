package io.osmos.testkit.model;

/** Names the test models are bound to. */
public final class TestModels {
  /** The registry name of the document store under test. */
  public static final String DRIVER = "testkit";

  /** The registry name of the stream driver under test (message queue, lookup service). */
  public static final String STREAMS = "testkit_streams";

  private TestModels() {}
}
