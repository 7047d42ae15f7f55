package io.osmos.testkit.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Redis server for driver tests: a throwaway {@code redis-server} on a free loopback port with
 * its own temporary directory, started once per test JVM and stopped when it exits, or the server
 * named by {@code OSMOS_TEST_REDIS=redis://host:port}.
 *
 * <pre>{@code
 * RedisTestServer redis = RedisTestServer.shared();
 * RedisDriver driver = new RedisDriver(redis.url());
 * String stored = redis.cli("HGETALL", "osmos:{users}:doc:ann");
 * }</pre>
 *
 * When the server cannot be started, tests that need it are skipped, or fail under {@code CI=true}
 * with a message naming what is missing (see {@link TestServers#requireOrSkip}).
 *
 * <p>The server is started as {@code redis-server --bind 127.0.0.1 --port P --save '' --appendonly
 * no --dir D --daemonize yes --pidfile D/redis.pid --logfile D/redis.log}: no persistence unless a
 * {@linkplain #dedicated dedicated} server asks for it.
 */
public final class RedisTestServer {
  private static final String OVERRIDE = "OSMOS_TEST_REDIS";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  private final String url;
  private final String host;
  private final int port;
  private final Path dir;
  private final List<String> command;

  /** The certificates of a TLS server, else null. */
  private final TestCertificates certs;

  /** The URL redis-cli connects with: {@link #url} with the login of a secured server. */
  private final String cliUrl;

  private volatile long pid;

  private RedisTestServer(String url, String host, int port, Path dir, List<String> command) {
    this(url, host, port, dir, command, null, url);
  }

  private RedisTestServer(
      String url,
      String host,
      int port,
      Path dir,
      List<String> command,
      TestCertificates certs,
      String cliUrl) {
    this.url = url;
    this.host = host;
    this.port = port;
    this.dir = dir;
    this.command = command;
    this.certs = certs;
    this.cliUrl = cliUrl;
  }

  /**
   * The server every Redis test of this JVM shares: the one {@code OSMOS_TEST_REDIS} names, else a
   * throwaway one started now.
   */
  public static RedisTestServer shared() {
    return TestServers.requireOrSkip(
        "redis",
        () -> {
          Optional<String> override = TestServers.override(OVERRIDE);
          if (override.isPresent()) {
            return external(override.get());
          }
          return start(List.of());
        });
  }

  /**
   * A server of its own for tests that stop, kill or restart it (never the shared one, nor the
   * {@code OSMOS_TEST_REDIS} server), started once per JVM for {@code name}, with {@code extraArgs}
   * after the defaults (later options win, e.g. {@code --appendonly yes}).
   */
  public static RedisTestServer dedicated(String name, String... extraArgs) {
    return TestServers.requireOrSkip("redis (" + name + ")", () -> start(List.of(extraArgs)));
  }

  /**
   * A server of its own, as managed Redis services run: TLS only ({@code --port 0 --tls-port P}
   * with {@code certs}' server certificate, clients not asked for certificates), the {@code
   * default} user off, and the ACL user {@code user} with {@code password} allowed everything.
   * {@code extraArgs} follow (e.g. more {@code --user} directives). Its {@link #url()} is {@code
   * rediss://127.0.0.1:P}, without a login; {@link #cli} logs in as {@code user}.
   */
  public static RedisTestServer secured(
      String name, TestCertificates certs, String user, String password, String... extraArgs) {
    return TestServers.requireOrSkip(
        "redis with TLS (" + name + ")",
        () -> startSecured(List.of(extraArgs), certs, user, password));
  }

  private static RedisTestServer external(String url) {
    URI uri = URI.create(url);
    if (uri.getHost() == null) {
      throw new ServerUnavailableException(
          OVERRIDE + "='" + url + "' is not a redis URL; expected" + " redis://host:port");
    }
    int port = uri.getPort() < 0 ? 6379 : uri.getPort();
    if (!accepts(uri.getHost(), port)) {
      throw new ServerUnavailableException(
          OVERRIDE
              + "='"
              + url
              + "' but nothing accepts"
              + " connections at "
              + uri.getHost()
              + ":"
              + port);
    }
    return new RedisTestServer(url, uri.getHost(), port, null, null);
  }

  /** Starts a throwaway server with {@code extraArgs} after the defaults (also a cluster node). */
  static RedisTestServer start(List<String> extraArgs) throws IOException {
    return start(extraArgs, null, null, null);
  }

  /**
   * Starts a throwaway TLS server with {@code extraArgs} after the defaults (also a cluster node):
   * see {@link #secured}.
   */
  static RedisTestServer startSecured(
      List<String> extraArgs, TestCertificates certs, String user, String password)
      throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--tls-cert-file",
                certs.serverCert().toString(),
                "--tls-key-file",
                certs.serverKey().toString(),
                "--tls-ca-cert-file",
                certs.caFile().toString(),
                "--tls-auth-clients",
                "no",
                "--user",
                "default",
                "off",
                "--user",
                user,
                "on",
                ">" + password,
                "~*",
                "&*",
                "+@all"));
    args.addAll(extraArgs);
    return start(args, certs, user, password);
  }

  private static RedisTestServer start(
      List<String> extraArgs, TestCertificates certs, String user, String password)
      throws IOException {
    Path bin =
        TestServers.onPath("redis-server")
            .orElseThrow(
                () ->
                    new ServerUnavailableException(
                        "redis-server is not on the PATH; install the Debian"
                            + " package redis-server, or set "
                            + OVERRIDE
                            + "=redis://127.0.0.1:6379 to use a"
                            + " running server"));
    ServerUnavailableException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = TestServers.freePort();
      Path dir = TestServers.tempDir("redis");
      List<String> ports =
          certs == null
              ? List.of("--port", Integer.toString(port))
              : List.of("--port", "0", "--tls-port", Integer.toString(port));
      List<String> command = new ArrayList<>(List.of(bin.toString(), "--bind", "127.0.0.1"));
      command.addAll(ports);
      command.addAll(
          List.of(
              "--save",
              "",
              "--appendonly",
              "no",
              // A master stopped with SIGTERM would wait up to 10 s for lagging replicas, and
              // the JVM stops every server of a cluster as it exits.
              "--shutdown-on-sigterm",
              "nosave now",
              "--dir",
              dir.toString(),
              "--daemonize",
              "yes",
              "--pidfile",
              dir.resolve("redis.pid").toString(),
              "--logfile",
              dir.resolve("redis.log").toString()));
      command.addAll(extraArgs);
      String scheme = certs == null ? "redis" : "rediss";
      String login =
          user == null
              ? ""
              : java.net.URLEncoder.encode(user, StandardCharsets.UTF_8)
                  + ":"
                  + java.net.URLEncoder.encode(password, StandardCharsets.UTF_8)
                  + "@";
      RedisTestServer server =
          new RedisTestServer(
              scheme + "://127.0.0.1:" + port,
              "127.0.0.1",
              port,
              dir,
              List.copyOf(command),
              certs,
              scheme + "://" + login + "127.0.0.1:" + port);
      try {
        server.launch();
        // SIGKILL: the server keeps nothing on disk, and one a test left suspended or busy
        // would hold up the JVM's exit for the length of a SIGTERM timeout.
        TestServers.atExit(server::kill);
        return server;
      } catch (ServerUnavailableException e) {
        last = e; // most likely the port was taken meanwhile: try another
      }
    }
    throw last;
  }

  /** Runs the daemonizing command and waits until the server accepts connections. */
  private void launch() {
    Path log = dir.resolve("redis.log");
    Path launcherLog = dir.resolve("redis-launch.log");
    try {
      Files.deleteIfExists(dir.resolve("redis.pid"));
      Process p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(launcherLog.toFile())
              .start();
      if (!p.waitFor(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new ServerUnavailableException(
            "redis-server did not daemonize within " + START_TIMEOUT.toSeconds() + " s");
      }
      if (p.exitValue() != 0) {
        throw new ServerUnavailableException(
            "redis-server exited with status "
                + p.exitValue()
                + ": "
                + tail(launcherLog)
                + tail(log));
      }
    } catch (IOException e) {
      throw new ServerUnavailableException(
          "cannot run " + command.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServerUnavailableException("interrupted while starting redis-server", e);
    }
    try {
      TestServers.awaitPort("redis-server", port, START_TIMEOUT);
    } catch (ServerUnavailableException e) {
      throw new ServerUnavailableException(
          e.getMessage() + "; its log ends with:\n" + tail(log), e);
    }
    pid = readPid();
    awaitReady();
  }

  /** Waits until the server answers PING: it accepts connections while it still loads its data. */
  private void awaitReady() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    String reply = "";
    while (System.nanoTime() < deadline) {
      reply = ping();
      // A server whose default user is off answers NOAUTH: it is up.
      if (reply.startsWith("+PONG") || reply.startsWith("-NOAUTH")) {
        return;
      }
      TestServers.pause();
    }
    throw new ServerUnavailableException(
        "redis-server on port "
            + port
            + " did not answer PING"
            + " within "
            + START_TIMEOUT.toSeconds()
            + " s (last reply: "
            + reply
            + ")");
  }

  private String ping() {
    try (java.net.Socket plain = new java.net.Socket()) {
      plain.connect(new java.net.InetSocketAddress(host, port), 1000);
      plain.setSoTimeout(1000);
      java.net.Socket s = plain;
      if (certs != null) {
        javax.net.ssl.SSLSocket tls =
            (javax.net.ssl.SSLSocket)
                certs.sslContext().getSocketFactory().createSocket(plain, host, port, true);
        tls.startHandshake();
        s = tls;
      }
      s.getOutputStream().write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = s.getInputStream().read()) >= 0 && c != '\r') {
        line.append((char) c);
      }
      return line.toString();
    } catch (IOException e) {
      return e.toString();
    }
  }

  private long readPid() {
    Path file = dir.resolve("redis.pid");
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (Files.exists(file)) {
          String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
          if (!text.isEmpty()) {
            return Long.parseLong(text);
          }
        }
      } catch (IOException | NumberFormatException e) {
        // written just now: read again
      }
      TestServers.pause();
    }
    throw new ServerUnavailableException("redis-server wrote no pid file " + file);
  }

  private static String tail(Path log) {
    try {
      if (!Files.exists(log)) {
        return "";
      }
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  private static boolean accepts(String host, int port) {
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new java.net.InetSocketAddress(host, port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The URL to connect to, e.g. {@code redis://127.0.0.1:41234}. */
  public String url() {
    return url;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** Whether this is a server the tests did not start ({@code OSMOS_TEST_REDIS}). */
  public boolean external() {
    return dir == null;
  }

  /**
   * Runs {@code redis-cli} against this server and returns its standard output. With standard
   * output not a terminal, redis-cli prints replies raw (one value per line); pass {@code --no-raw}
   * first for quoted, escaped values.
   *
   * @throws ServerUnavailableException if {@code redis-cli} is not on the PATH
   * @throws IllegalStateException if it fails
   */
  public String cli(String... args) {
    Path cli =
        TestServers.onPath("redis-cli")
            .orElseThrow(
                () ->
                    new ServerUnavailableException(
                        "redis-cli is not on the PATH; install the Debian package"
                            + " redis-tools (it comes with redis-server)"));
    List<String> cmd = new ArrayList<>();
    cmd.add(cli.toString());
    int flags = 0;
    while (flags < args.length && args[flags].startsWith("--")) {
      cmd.add(args[flags++]);
    }
    if (certs != null) {
      cmd.addAll(List.of("--tls", "--cacert", certs.caFile().toString()));
    }
    cmd.addAll(List.of("-u", cliUrl));
    for (int i = flags; i < args.length; i++) {
      cmd.add(args[i]);
    }
    try {
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("redis-cli did not finish: " + cmd);
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException("redis-cli exited with " + p.exitValue() + ": " + cmd);
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run redis-cli: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running redis-cli", e);
    }
  }

  /**
   * Stops the server's process (SIGSTOP) without ending it, as a hung machine would: it keeps its
   * connections but answers nothing until {@link #resume()}.
   */
  public void suspend() {
    requireOwn("suspend");
    sendSignal("-STOP");
  }

  /** Lets a {@linkplain #suspend() suspended} server run again (SIGCONT). */
  public void resume() {
    requireOwn("resume");
    sendSignal("-CONT");
  }

  private void sendSignal(String signal) {
    try {
      Process p =
          new ProcessBuilder("kill", signal, Long.toString(pid)).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("kill " + signal + " " + pid + " failed: " + out);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run kill " + signal + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling redis-server", e);
    }
  }

  /** Whether the server accepts connections now. */
  public boolean isRunning() {
    return TestServers.accepts(port);
  }

  /** Kills the server at once (SIGKILL), as a crash would; {@link #restart()} brings it back. */
  public void kill() {
    signal(true);
  }

  /** Stops the server (SIGTERM) if it runs; also called when the JVM exits. */
  public void stop() {
    signal(false);
  }

  /** Starts a stopped or killed server again, on the same port and with the same directory. */
  public void restart() {
    requireOwn("restart");
    if (TestServers.accepts(port)) {
      throw new IllegalStateException("redis-server is still running on port " + port);
    }
    launch();
  }

  private void signal(boolean force) {
    if (external() || pid == 0) {
      return;
    }
    Optional<ProcessHandle> h = ProcessHandle.of(pid);
    if (h.isPresent()) {
      if (force) {
        h.get().destroyForcibly();
      } else {
        h.get().destroy();
      }
      // A daemonized server is not our child: where nothing reaps orphans it lingers as a zombie,
      // which ProcessHandle counts as alive. Its port, closed once it has stopped, tells.
      long sigtermDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (h.get().isAlive()
          && TestServers.accepts(port)
          && System.nanoTime() < sigtermDeadline) {
        TestServers.pause();
      }
      if (TestServers.accepts(port)) {
        h.get().destroyForcibly();
      }
    }
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (TestServers.accepts(port) && System.nanoTime() < deadline) {
      TestServers.pause();
    }
  }

  private void requireOwn(String what) {
    if (external()) {
      throw new IllegalStateException(
          "cannot "
              + what
              + " the server "
              + OVERRIDE
              + " names; use RedisTestServer.dedicated(...)");
    }
  }

  /** The server's directory (data, log, pid file); empty for an external server. */
  public Optional<Path> dir() {
    return Optional.ofNullable(dir);
  }

  @Override
  public String toString() {
    return "redis-server " + url + (external() ? " (external)" : " (pid " + pid + ")");
  }
}
