package io.osmos;

import java.time.Duration;
import java.util.List;

/** One observed driver call: the observers' calls and the start time. */
final class Observation {
  private static final System.Logger LOG = System.getLogger("io.osmos.runtime");

  private final OsmosObserver.Operation operation;
  private final OsmosObserver.Call[] calls;
  private final long started;

  private Observation(OsmosObserver.Operation operation, OsmosObserver.Call[] calls) {
    this.operation = operation;
    this.calls = calls;
    this.started = System.nanoTime();
  }

  static Observation start(List<OsmosObserver> observers, OsmosObserver.Operation operation) {
    OsmosObserver.Call[] calls = new OsmosObserver.Call[observers.size()];
    for (int i = 0; i < calls.length; i++) {
      OsmosObserver.Call c;
      try {
        c = observers.get(i).start(operation);
      } catch (RuntimeException e) {
        warn(observers.get(i), "start", operation, e);
        c = null;
      }
      calls[i] = c != null ? c : OsmosObserver.Call.IGNORE;
    }
    return new Observation(operation, calls);
  }

  void success() {
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    for (OsmosObserver.Call c : calls) {
      try {
        c.success(elapsed);
      } catch (RuntimeException e) {
        warn(c, "success", operation, e);
      }
    }
  }

  void failure(Throwable error) {
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    for (OsmosObserver.Call c : calls) {
      try {
        c.failure(elapsed, error);
      } catch (RuntimeException e) {
        warn(c, "failure", operation, e);
      }
    }
  }

  private static void warn(
      Object observer, String method, OsmosObserver.Operation operation, RuntimeException e) {
    LOG.log(
        System.Logger.Level.WARNING,
        () ->
            "observer "
                + observer.getClass().getName()
                + "."
                + method
                + " failed on "
                + operation
                + " (ignored: the operation goes on)",
        e);
  }
}
