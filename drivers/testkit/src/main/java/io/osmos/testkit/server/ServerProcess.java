package io.osmos.testkit.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A server process started by {@link TestServers#start}: its output goes to a log file, and it is
 * stopped at the latest when the JVM exits.
 */
public final class ServerProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path dir;
  private final Path log;

  ServerProcess(String name, Process process, Path dir, Path log) {
    this.name = name;
    this.process = process;
    this.dir = dir;
    this.log = log;
  }

  /** The name given at start, for messages. */
  public String name() {
    return name;
  }

  /** The directory the server runs in. */
  public Path dir() {
    return dir;
  }

  /** The file that receives the server's standard output and error. */
  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The process id. */
  public long pid() {
    return process.pid();
  }

  /**
   * Waits until {@code 127.0.0.1:port} accepts TCP connections. Fails at once when the process
   * exits first (a server that daemonizes should be waited for with {@link TestServers#awaitPort}).
   *
   * @throws ServerUnavailableException after {@code timeout}, or when the process exited; the
   *     message carries the end of the server's log
   */
  public void awaitPort(int port, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!TestServers.accepts(port)) {
      if (!process.isAlive()) {
        throw new ServerUnavailableException(
            name
                + " exited with status "
                + process.exitValue()
                + " before it accepted connections on 127.0.0.1:"
                + port
                + "; its log ends with:\n"
                + logTail(20));
      }
      if (System.nanoTime() > deadline) {
        throw new ServerUnavailableException(
            name
                + " did not accept connections on 127.0.0.1:"
                + port
                + " within "
                + timeout.toMillis()
                + " ms; its log ends with:\n"
                + logTail(20));
      }
      TestServers.pause();
    }
  }

  /** The last {@code lines} lines of the server's log (empty when it wrote nothing). */
  public String logTail(int lines) {
    try {
      if (!Files.exists(log)) {
        return "";
      }
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log " + log + " unreadable: " + e.getMessage() + ")";
    }
  }

  /** Stops the process and its descendants: politely, then forcibly after 5 s each. */
  public void stop() {
    // Collected first: once the parent is gone, its children are no longer its descendants.
    List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
    all.add(process.toHandle());
    all.forEach(ProcessHandle::destroy);
    for (ProcessHandle h : all) {
      try {
        h.onExit().get(5, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        h.destroyForcibly();
        awaitExit(h);
      } catch (ExecutionException e) {
        h.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        h.destroyForcibly();
        return;
      }
    }
  }

  private static void awaitExit(ProcessHandle h) {
    try {
      h.onExit().get(5, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // Nothing more to do than SIGKILL; the JVM exit will not wait for it.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ", log " + log + ")";
  }
}
