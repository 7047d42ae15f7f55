package io.osmos.testkit.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Throwaway servers for driver tests: a free loopback port, a temporary directory, a process whose
 * output goes to a log, a bounded wait until its port accepts connections, and a stop when the JVM
 * exits. A driver module's test wraps its server in {@link #requireOrSkip}:
 *
 * <pre>{@code
 * static RedisServer redis() {
 *   return TestServers.requireOrSkip("redis", () -> {
 *     Optional<String> url = TestServers.override("OSMOS_TEST_REDIS");
 *     if (url.isPresent()) return RedisServer.at(url.get());
 *     Path bin = TestServers.onPath("redis-server").orElseThrow(() ->
 *         new ServerUnavailableException("redis-server is not on the PATH; install the Debian"
 *             + " package redis-server or set OSMOS_TEST_REDIS=redis://127.0.0.1:6379"));
 *     int port = TestServers.freePort();
 *     Path dir = TestServers.tempDir("redis");
 *     ServerProcess p = TestServers.start("redis-server", List.of(bin.toString(),
 *         "--bind", "127.0.0.1", "--port", "" + port, "--save", ""), dir, Map.of());
 *     p.awaitPort(port, Duration.ofSeconds(10));
 *     return new RedisServer("127.0.0.1", port);
 *   });
 * }
 * }</pre>
 *
 * Servers always bind to 127.0.0.1. A server is started once per test JVM and shared by every test
 * class that asks for it by the same name.
 */
public final class TestServers {
  private static final Map<String, Object> STARTED = new ConcurrentHashMap<>();
  private static final Deque<Runnable> AT_EXIT = new ArrayDeque<>();
  private static boolean hookInstalled;

  private TestServers() {}

  /** Starts a server, or reports what is missing by throwing. */
  @FunctionalInterface
  public interface Starter<S> {
    S start() throws Exception;
  }

  /**
   * The server {@code starter} starts, started at most once per JVM for {@code backend} and shared
   * afterwards. When it cannot start: under {@code CI=true} every test that needs it <b>fails</b>
   * with a message naming what is missing; otherwise those tests are skipped (a JUnit assumption),
   * so a developer without the server can still run the rest.
   */
  public static <S> S requireOrSkip(String backend, Starter<S> starter) {
    return requireOrSkip(backend, starter, System.getenv());
  }

  @SuppressWarnings("unchecked")
  static <S> S requireOrSkip(String backend, Starter<S> starter, Map<String, String> env) {
    // Failures are remembered too: a server that cannot start is not retried by every test class.
    Object result =
        STARTED.computeIfAbsent(
            backend,
            b -> {
              try {
                return new Started(starter.start(), null);
              } catch (Exception | LinkageError e) {
                return new Started(null, e);
              }
            });
    Started s = (Started) result;
    if (s.failure == null) {
      return (S) s.server;
    }
    String why =
        s.failure instanceof ServerUnavailableException
            ? s.failure.getMessage()
            : s.failure.toString();
    if ("true".equalsIgnoreCase(env.getOrDefault("CI", ""))) {
      return Assertions.fail(
          "the "
              + backend
              + " test server is required (CI=true) but could not"
              + " be started: "
              + why,
          s.failure);
    }
    Assumptions.abort(
        "skipped: the "
            + backend
            + " test server could not be started: "
            + why
            + " (under CI=true this is a failure)");
    throw new AssertionError("unreachable");
  }

  private record Started(Object server, Throwable failure) {}

  /** The value of an override such as {@code OSMOS_TEST_REDIS}, if set and not blank. */
  public static Optional<String> override(String variable) {
    String v = System.getenv(variable);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  /** The executable {@code command} on the PATH, if there is one. */
  public static Optional<Path> onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(java.io.File.pathSeparator, -1)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, command);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * A TCP port on 127.0.0.1 that was free a moment ago (the system picked it). Another process may
   * take it before the server binds; servers that fail to bind should be started again on a new
   * port.
   */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }

  /** A new temporary directory, deleted with its contents when the JVM exits. */
  public static Path tempDir(String name) {
    try {
      Path dir = Files.createTempDirectory("osmos-" + name + "-");
      atExit(() -> deleteTree(dir));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory for " + name, e);
    }
  }

  /**
   * Starts {@code command} in {@code dir}, with {@code env} added to this JVM's environment and its
   * output (standard output and error) in {@code dir/<name>.log}. The process and its descendants
   * are stopped when the JVM exits, if they are still running.
   *
   * @throws ServerUnavailableException if the command cannot be started at all
   */
  public static ServerProcess start(
      String name, List<String> command, Path dir, Map<String, String> env) {
    Path log = dir.resolve(name.replaceAll("[^A-Za-z0-9_.-]", "_") + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new ServerUnavailableException(
          "cannot start " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
    }
    ServerProcess server = new ServerProcess(name, p, dir, log);
    atExit(server::stop);
    return server;
  }

  /**
   * Waits until {@code 127.0.0.1:port} accepts TCP connections, for servers that run detached
   * (daemonized, or started by a control program such as {@code pg_ctl}).
   *
   * @throws ServerUnavailableException after {@code timeout}, naming {@code what}
   */
  public static void awaitPort(String what, int port, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!accepts(port)) {
      if (System.nanoTime() > deadline) {
        throw new ServerUnavailableException(
            what
                + " did not accept connections on 127.0.0.1:"
                + port
                + " within "
                + timeout.toMillis()
                + " ms");
      }
      pause();
    }
  }

  /**
   * Runs {@code action} when the JVM exits (e.g. {@code pg_ctl stop} for a detached server).
   * Actions run in reverse order of registration, so servers stop before their directories go.
   */
  public static void atExit(Runnable action) {
    synchronized (AT_EXIT) {
      if (!hookInstalled) {
        Runtime.getRuntime()
            .addShutdownHook(new Thread(TestServers::runExitActions, "osmos-test-servers-exit"));
        hookInstalled = true;
      }
      AT_EXIT.push(action);
    }
  }

  private static void runExitActions() {
    while (true) {
      Runnable next;
      synchronized (AT_EXIT) {
        next = AT_EXIT.poll();
      }
      if (next == null) {
        return;
      }
      try {
        next.run();
      } catch (RuntimeException e) {
        System.err.println("osmos test servers: cleanup failed: " + e);
      }
    }
  }

  static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 250);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServerUnavailableException("interrupted while waiting for a test server", e);
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
              Files.deleteIfExists(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      System.err.println("osmos test servers: cannot delete " + root + ": " + e);
    }
  }
}
