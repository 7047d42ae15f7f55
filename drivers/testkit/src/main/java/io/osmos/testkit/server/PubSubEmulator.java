package io.osmos.testkit.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Google's official Pub/Sub emulator for driver tests, started once per test JVM and stopped when
 * it exits:
 *
 * <pre>
 * $SDK/platform/pubsub-emulator/bin/cloud-pubsub-emulator --host=127.0.0.1 --port=P
 * </pre>
 *
 * on a free loopback port P, where {@code SDK} is the Google Cloud SDK's root (see {@link
 * CloudSdk}; the emulator is the Debian package {@code google-cloud-cli-pubsub-emulator}, or
 * {@code gcloud components install pubsub-emulator}). The emulator keeps everything in memory.
 *
 * <p>{@code OSMOS_TEST_PUBSUB=host:port} uses an emulator that is already running instead. Under
 * {@code CI=true} an emulator that cannot be started fails the tests that need it, naming what is
 * missing; elsewhere they are skipped (see {@link TestServers#requireOrSkip}).
 *
 * <p>Google's Java client ignores {@code PUBSUB_EMULATOR_HOST}; a driver reaches the emulator
 * through a plaintext channel to {@link #hostPort()}.
 */
public final class PubSubEmulator {
  /** The environment variable naming a running emulator ({@code host:port}) to use instead. */
  public static final String OVERRIDE = "OSMOS_TEST_PUBSUB";

  private final String host;
  private final int port;
  private final ServerProcess process;

  private PubSubEmulator(String host, int port, ServerProcess process) {
    this.host = host;
    this.port = port;
    this.process = process;
  }

  /**
   * The emulator of this test JVM: started on first use, or the one {@value #OVERRIDE} names.
   * Skips the calling test (fails it under {@code CI=true}) when there is none.
   */
  public static PubSubEmulator get() {
    return TestServers.requireOrSkip("pubsub", PubSubEmulator::startOrConnect);
  }

  private static PubSubEmulator startOrConnect() {
    Optional<String> override = TestServers.override(OVERRIDE);
    if (override.isPresent()) {
      HostPort hp = HostPort.parse(OVERRIDE, override.get());
      hp.requireReachable("the Pub/Sub emulator");
      return new PubSubEmulator(hp.host(), hp.port(), null);
    }
    String script = "platform/pubsub-emulator/bin/cloud-pubsub-emulator";
    var bin = CloudSdk.component(script).orElseThrow(() -> new ServerUnavailableException(
        "the Pub/Sub emulator (" + script + " in the Google Cloud SDK " + CloudSdk.describe()
            + ") is not installed; install the Debian package google-cloud-cli-pubsub-emulator"
            + " (or run gcloud components install pubsub-emulator), or set " + OVERRIDE
            + "=host:port to use a running emulator"));
    if (TestServers.onPath("java").isEmpty() && System.getenv("JAVA_HOME") == null) {
      throw new ServerUnavailableException("the Pub/Sub emulator is a Java program, but neither"
          + " java is on the PATH nor JAVA_HOME is set");
    }
    // A port taken between freePort() and the emulator's bind makes it exit: try a few ports.
    ServerUnavailableException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = TestServers.freePort();
      var dir = TestServers.tempDir("pubsub");
      ServerProcess p = TestServers.start("pubsub-emulator", List.of(bin.toString(),
          "--host=127.0.0.1", "--port=" + port), dir,
          // A small heap is plenty for tests; the machine is shared.
          Map.of("CLOUD_PUBSUB_EMULATOR_OPTS", "-Xmx512m -XX:+UseSerialGC"));
      try {
        p.awaitPort(port, Duration.ofSeconds(60));
        return new PubSubEmulator("127.0.0.1", port, p);
      } catch (ServerUnavailableException e) {
        p.stop();
        last = e;
      }
    }
    throw last;
  }

  /** The emulator's host, {@code 127.0.0.1} unless {@value #OVERRIDE} says otherwise. */
  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** {@code host:port}, what a driver's {@code emulatorHost} option takes. */
  public String hostPort() {
    return host + ":" + port;
  }

  /** {@code pubsub://project?emulator=host:port}, the driver URL for {@code project}. */
  public String url(String project) {
    return "pubsub://" + project + "?emulator=" + hostPort();
  }

  /** Whether this JVM started the emulator. */
  public boolean managed() {
    return process != null;
  }

  @Override
  public String toString() {
    return "PubSubEmulator(" + hostPort() + (managed() ? ", " + process : ", external") + ")";
  }

  /** {@code host:port} from an override variable. */
  record HostPort(String host, int port) {
    static HostPort parse(String variable, String value) {
      int colon = value.lastIndexOf(':');
      try {
        if (colon > 0) {
          int port = Integer.parseInt(value.substring(colon + 1));
          if (port > 0 && port < 65536) {
            return new HostPort(value.substring(0, colon), port);
          }
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new ServerUnavailableException(variable + " must be host:port (e.g. 127.0.0.1:8085),"
          + " was '" + value + "'");
    }

    /** Fails unless a TCP connection to the address succeeds within 5 s. */
    void requireReachable(String what) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(host, port), 5000);
      } catch (IOException e) {
        throw new ServerUnavailableException(what + " at " + host + ":" + port + " does not"
            + " accept connections: " + e.getMessage(), e);
      }
    }
  }

  /**
   * Where the Google Cloud SDK keeps its components: the root that {@code gcloud info
   * --format='value(installation.sdk_root)'} prints. The {@code gcloud} on the PATH is a link into
   * {@code <root>/bin}, which is quick to follow; {@code gcloud info} (slow: it starts Python) is
   * asked only when that root lacks the component, and the Debian location {@code
   * /usr/lib/google-cloud-sdk} is the last resort.
   */
  static final class CloudSdk {
    private static final Path DEBIAN = Path.of("/usr/lib/google-cloud-sdk");

    private CloudSdk() {}

    /** The executable {@code relative} under the SDK root, if installed. */
    static synchronized Optional<Path> component(String relative) {
      Optional<Path> gcloud = TestServers.onPath("gcloud");
      List<Path> roots = new ArrayList<>();
      gcloud.flatMap(CloudSdk::rootByLink).ifPresent(roots::add);
      Optional<Path> found = first(roots, relative);
      if (found.isEmpty() && gcloud.isPresent()) {
        found = first(rootByInfo(gcloud.get()).stream().toList(), relative);
      }
      return found.isPresent() ? found : first(List.of(DEBIAN), relative);
    }

    /** The places looked at, for messages. */
    static String describe() {
      return TestServers.onPath("gcloud").map(g -> "of " + g).orElse("(gcloud is not on the PATH;"
          + " looked in " + DEBIAN + ")");
    }

    private static Optional<Path> first(List<Path> roots, String relative) {
      for (Path root : roots) {
        Path p = root.resolve(relative);
        if (Files.isRegularFile(p) && Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
      return Optional.empty();
    }

    private static Optional<Path> rootByLink(Path gcloud) {
      try {
        Path bin = gcloud.toRealPath().getParent();
        return bin == null || bin.getParent() == null ? Optional.empty()
            : Optional.of(bin.getParent());
      } catch (IOException e) {
        return Optional.empty();
      }
    }

    private static Optional<Path> rootByInfo(Path gcloud) {
      try {
        Process p = new ProcessBuilder(gcloud.toString(), "info",
            "--format=value(installation.sdk_root)")
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          return Optional.empty();
        }
        String root = new String(out, StandardCharsets.UTF_8).trim();
        return p.exitValue() == 0 && !root.isEmpty() && Files.isDirectory(Path.of(root))
            ? Optional.of(Path.of(root)) : Optional.empty();
      } catch (IOException e) {
        return Optional.empty();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }
}
