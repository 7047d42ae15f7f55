package io.osmos.testkit.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A RethinkDB server for driver tests: npm's {@code reqlite} (a RethinkDB server written in
 * JavaScript; no RethinkDB package exists here), started once per test JVM on a free port of
 * 127.0.0.1 and stopped when the JVM exits.
 *
 * <pre>{@code
 * RethinkTestServer server = RethinkTestServer.get();   // skips the test, or fails under CI=true
 * RethinkDriver driver = new RethinkDriver(server.url("osmos_test"));
 * }</pre>
 *
 * <p>How the server is found, in order:
 *
 * <ol>
 *   <li>{@code OSMOS_TEST_RETHINKDB=rethinkdb://host:port}: a server that is already running (a
 *       real RethinkDB, for instance);
 *   <li>otherwise {@code reqlite@2.3.0} from the cache directory ({@code
 *       $OSMOS_TEST_CACHE/reqlite}, default {@code ~/.cache/osmos-test/reqlite}), installed there
 *       with {@code npm install} when missing (once; later runs work offline). It is run by a small
 *       launcher script that binds it to 127.0.0.1 and fixes, in memory, where it departs from
 *       RethinkDB's documented behaviour: two bugs of its SCRAM handshake that make the Java driver
 *       refuse it, its lack of per-document atomicity, its string order (by UTF-16 unit;
 *       RethinkDB's is by code point), a replace that skips a missing document instead of calling
 *       its function with null, and the shape of {@code match} groups (see {@code
 *       reqlite-launcher.js}). reqlite's files are never modified. Drivers do what RethinkDB needs;
 *       the test server is made to behave like it, not the other way round.
 * </ol>
 *
 * reqlite keeps everything in memory and has no default {@code test} database: drivers create the
 * database they use. Connect with {@code unwrapLists(true)}.
 */
public final class RethinkTestServer {
  /** The reqlite version the launcher's fixes are written for. */
  public static final String REQLITE_VERSION = "2.3.0";

  private static final String BACKEND = "rethinkdb";
  private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"");

  private final String host;
  private final int port;
  private final ServerProcess process;

  private RethinkTestServer(String host, int port, ServerProcess process) {
    this.host = host;
    this.port = port;
    this.process = process;
  }

  /**
   * The shared server, started on first use. When it cannot be started the calling test is skipped,
   * or fails under {@code CI=true}, with a message naming what is missing.
   */
  public static RethinkTestServer get() {
    return TestServers.requireOrSkip(BACKEND, RethinkTestServer::start);
  }

  /** The host to connect to. */
  public String host() {
    return host;
  }

  /** The port to connect to. */
  public int port() {
    return port;
  }

  /** A driver URL for {@code database}: {@code rethinkdb://127.0.0.1:<port>/<database>}. */
  public String url(String database) {
    return "rethinkdb://" + host + ":" + port + "/" + database;
  }

  /** The reqlite process, or empty when {@code OSMOS_TEST_RETHINKDB} named a running server. */
  public Optional<ServerProcess> process() {
    return Optional.ofNullable(process);
  }

  @Override
  public String toString() {
    return "RethinkDB test server at "
        + host
        + ":"
        + port
        + (process == null ? " (OSMOS_TEST_RETHINKDB)" : " (reqlite " + REQLITE_VERSION + ")");
  }

  // ---- starting ------------------------------------------------------------------------------

  private static RethinkTestServer start() {
    Optional<String> override = TestServers.override("OSMOS_TEST_RETHINKDB");
    if (override.isPresent()) {
      return running(override.get());
    }
    Path node =
        TestServers.onPath("node")
            .orElseThrow(
                () ->
                    new ServerUnavailableException(
                        "node is not on the PATH; the RethinkDB tests run npm's reqlite@"
                            + REQLITE_VERSION
                            + " with it: install Node.js and npm (Debian packages nodejs and npm) or set"
                            + " OSMOS_TEST_RETHINKDB=rethinkdb://127.0.0.1:28015 to use a running server"));
    Path reqlite = installedReqlite();
    Path dir = TestServers.tempDir("reqlite");
    Path launcher = dir.resolve("reqlite-launcher.js");
    try (InputStream in = RethinkTestServer.class.getResourceAsStream("reqlite-launcher.js")) {
      if (in == null) {
        throw new ServerUnavailableException(
            "reqlite-launcher.js is missing from the osmos-testkit"
                + " jar (io/osmos/testkit/server/reqlite-launcher.js)");
      }
      Files.copy(in, launcher, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the reqlite launcher to " + dir, e);
    }
    // Another process may take the free port before reqlite binds it: try a few ports.
    ServerUnavailableException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = TestServers.freePort();
      ServerProcess p =
          TestServers.start(
              "reqlite-" + port,
              List.of(
                  node.toString(), launcher.toString(), reqlite.toString(), Integer.toString(port)),
              dir,
              Map.of());
      try {
        p.awaitPort(port, Duration.ofSeconds(20));
        return new RethinkTestServer("127.0.0.1", port, p);
      } catch (ServerUnavailableException e) {
        p.stop();
        last = e;
      }
    }
    throw last;
  }

  private static RethinkTestServer running(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new ServerUnavailableException(
          "OSMOS_TEST_RETHINKDB is not a URL: '" + url + "'; expected rethinkdb://host:port");
    }
    if (!"rethinkdb".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new ServerUnavailableException(
          "OSMOS_TEST_RETHINKDB must look like" + " rethinkdb://host:port, was '" + url + "'");
    }
    int port = uri.getPort() < 0 ? 28015 : uri.getPort();
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(uri.getHost(), port), 2000);
    } catch (IOException e) {
      throw new ServerUnavailableException(
          "OSMOS_TEST_RETHINKDB="
              + url
              + " does not accept"
              + " connections ("
              + e.getMessage()
              + "); start that server or unset the variable to"
              + " run reqlite");
    }
    return new RethinkTestServer(uri.getHost(), port, null);
  }

  // ---- installing reqlite ----------------------------------------------------------------------

  /** The directory that holds reqlite's npm installation (shared with {@code .ci/install-deps}). */
  static Path cacheDir() {
    String base = System.getenv("OSMOS_TEST_CACHE");
    Path root =
        base == null || base.isBlank()
            ? Path.of(System.getProperty("user.home"), ".cache", "osmos-test")
            : Path.of(base);
    return root.resolve("reqlite");
  }

  /** reqlite's package directory, installing it with npm first when it is missing. */
  private static Path installedReqlite() {
    Path dir = cacheDir();
    Path pkg = dir.resolve("node_modules").resolve("reqlite");
    if (isWanted(pkg)) {
      return pkg;
    }
    Path npm =
        TestServers.onPath("npm")
            .orElseThrow(
                () ->
                    new ServerUnavailableException(
                        "reqlite@"
                            + REQLITE_VERSION
                            + " is not installed in "
                            + dir
                            + " and npm is not on the"
                            + " PATH to install it: install npm (Debian package npm), or run .ci/install-deps,"
                            + " or set OSMOS_TEST_RETHINKDB=rethinkdb://127.0.0.1:28015"));
    try {
      Files.createDirectories(dir);
      // Test JVMs of several modules may start at once: one installs, the others wait for it.
      try (FileChannel lockFile =
              FileChannel.open(
                  dir.resolve(".install.lock"),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE);
          FileLock lock = lockFile.lock()) {
        if (!isWanted(pkg)) {
          npmInstall(npm, dir);
        }
      }
    } catch (IOException e) {
      throw new ServerUnavailableException("cannot install reqlite into " + dir + ": " + e, e);
    }
    if (!isWanted(pkg)) {
      throw new ServerUnavailableException(
          "npm ran but " + pkg + " does not hold reqlite " + REQLITE_VERSION);
    }
    return pkg;
  }

  private static void npmInstall(Path npm, Path dir) throws IOException {
    Path log = dir.resolve("npm-install.log");
    Process p =
        new ProcessBuilder(
                npm.toString(),
                "install",
                "--prefix",
                dir.toString(),
                "--save-exact",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                "reqlite@" + REQLITE_VERSION)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new ServerUnavailableException(
            "npm install reqlite@"
                + REQLITE_VERSION
                + " did not finish within 5 minutes (log: "
                + log
                + ")");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new ServerUnavailableException("interrupted while installing reqlite", e);
    }
    if (p.exitValue() != 0) {
      throw new ServerUnavailableException(
          "npm install reqlite@"
              + REQLITE_VERSION
              + " into "
              + dir
              + " failed with status "
              + p.exitValue()
              + " (no network?); its output:\n"
              + Files.readString(log, StandardCharsets.UTF_8).strip());
    }
  }

  private static boolean isWanted(Path pkg) {
    Path json = pkg.resolve("package.json");
    if (!Files.isRegularFile(json) || !Files.isRegularFile(pkg.resolve("lib/connection.js"))) {
      return false;
    }
    try {
      Matcher m = VERSION.matcher(Files.readString(json, StandardCharsets.UTF_8));
      return m.find() && m.group(1).equals(REQLITE_VERSION);
    } catch (IOException e) {
      return false;
    }
  }
}
