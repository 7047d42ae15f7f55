package io.osmos.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Runs test classes with JUnit configuration parameters of their own, as a build would. */
final class TestRuns {
  /** The configuration parameter that enables {@link Launched} classes. */
  static final String LAUNCHED = "osmos.junit.launchedByTestRuns";

  private TestRuns() {}

  /** What a run did. */
  static final class Result implements TestExecutionListener {
    final List<String> succeeded = Collections.synchronizedList(new ArrayList<>());
    final List<String> failed = Collections.synchronizedList(new ArrayList<>());
    final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    final List<Map<String, String>> reports = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
      if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
        if (id.isTest()) {
          succeeded.add(id.getDisplayName());
        }
      } else {
        failed.add(id.getDisplayName() + ": " + result.getStatus());
        result.getThrowable().ifPresent(failures::add);
      }
    }

    @Override
    public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
      reports.add(entry.getKeyValuePairs());
    }

    /** The failures as text, for assertion messages. */
    String failureText() {
      StringBuilder b = new StringBuilder(String.join("\n", failed));
      for (Throwable t : failures) {
        b.append("\n").append(t);
      }
      return b.toString();
    }

    /** The values of every report entry with {@code key}. */
    List<String> reported(String key) {
      List<String> out = new ArrayList<>();
      synchronized (reports) {
        for (Map<String, String> r : reports) {
          if (r.containsKey(key)) {
            out.add(r.get(key));
          }
        }
      }
      return out;
    }
  }

  static Result run(Map<String, String> configuration, Class<?>... classes) {
    LauncherDiscoveryRequestBuilder request =
        LauncherDiscoveryRequestBuilder.request()
            .configurationParameters(configuration)
            .configurationParameter(LAUNCHED, "true");
    for (Class<?> c : classes) {
      request.selectors(selectClass(c));
    }
    LauncherDiscoveryRequest built = request.build();
    Result result = new Result();
    LauncherFactory.create().execute(built, result);
    return result;
  }
}
