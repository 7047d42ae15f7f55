package io.osmos.testkit.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Every log line written while it is open, at every level, with the stack traces of logged
 * exceptions: from {@code java.util.logging} (the PostgreSQL JDBC driver, Google clients) and from
 * SLF4J (Jedis, HikariCP) when {@link CapturingSlf4jProvider} is the SLF4J provider of the test
 * class path. Tests use it to show that a secret never reaches a log:
 *
 * <pre>{@code
 * try (CapturedLogs logs = CapturedLogs.start()) {
 *   ... connect with a wrong password ...
 *   logs.assertNotContains("secret");
 * }
 * }</pre>
 *
 * While open, {@code java.util.logging}'s root logger is set to {@link Level#ALL} (debug lines are
 * where secrets tend to leak); {@link #close()} restores it.
 */
public final class CapturedLogs implements AutoCloseable {
  private static final List<CapturedLogs> OPEN = new CopyOnWriteArrayList<>();

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Logger root = Logger.getLogger("");
  private final Level rootLevel;
  private final Handler handler;

  private CapturedLogs() {
    rootLevel = root.getLevel();
    handler =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            String message = r.getMessage();
            if (message != null && r.getParameters() != null) {
              try {
                message = java.text.MessageFormat.format(message, r.getParameters());
              } catch (IllegalArgumentException e) {
                // not a pattern: keep it as it is
              }
            }
            add("jul " + r.getLevel() + " " + r.getLoggerName() + ": " + message, r.getThrown());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    handler.setLevel(Level.ALL);
  }

  /** Starts capturing; close it to stop. */
  public static CapturedLogs start() {
    CapturedLogs logs = new CapturedLogs();
    logs.root.setLevel(Level.ALL);
    logs.root.addHandler(logs.handler);
    OPEN.add(logs);
    return logs;
  }

  /** Called by the SLF4J provider for every line, at every level. */
  static void slf4j(String level, String logger, String message, Throwable thrown) {
    for (CapturedLogs logs : OPEN) {
      logs.add("slf4j " + level + " " + logger + ": " + message, thrown);
    }
  }

  private void add(String line, Throwable thrown) {
    if (thrown == null) {
      lines.add(line);
      return;
    }
    StringWriter trace = new StringWriter();
    thrown.printStackTrace(new PrintWriter(trace));
    lines.add(line + "\n" + trace);
  }

  /** The lines captured so far, each with the stack trace of its exception, if any. */
  public List<String> lines() {
    return new ArrayList<>(lines);
  }

  /**
   * Whether SLF4J logs reach this capture (its provider is {@link CapturingSlf4jProvider});
   * otherwise only {@code java.util.logging} is captured.
   */
  public static boolean capturesSlf4j() {
    return org.slf4j.LoggerFactory.getILoggerFactory() instanceof CapturingSlf4jProvider.Factory;
  }

  /**
   * @throws AssertionError naming the first captured line that contains {@code secret}
   */
  public void assertNotContains(String secret) {
    for (String line : lines) {
      if (line.contains(secret)) {
        throw new AssertionError(
            "a log line contains the secret: " + line.replace(secret, "<secret>"));
      }
    }
  }

  @Override
  public void close() {
    OPEN.remove(this);
    root.removeHandler(handler);
    root.setLevel(rootLevel);
  }
}
