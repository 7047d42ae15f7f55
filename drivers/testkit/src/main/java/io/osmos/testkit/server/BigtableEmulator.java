package io.osmos.testkit.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Google's official Bigtable emulator for driver tests, started once per test JVM and stopped when
 * it exits:
 *
 * <pre>
 * $SDK/platform/bigtable-emulator/cbtemulator -host 127.0.0.1 -port P
 * </pre>
 *
 * on a free loopback port P, where {@code SDK} is the Google Cloud SDK's root (the emulator is the
 * Debian package {@code google-cloud-cli-bigtable-emulator}, or {@code gcloud components install
 * bigtable}). The emulator keeps everything in memory and, unlike Bigtable, keeps every version of
 * a cell until a garbage-collection rule removes it.
 *
 * <p>{@code OSMOS_TEST_BIGTABLE=host:port} uses an emulator that is already running instead. Under
 * {@code CI=true} an emulator that cannot be started fails the tests that need it, naming what is
 * missing; elsewhere they are skipped (see {@link TestServers#requireOrSkip}).
 *
 * <p>{@link #cbt} runs Google's {@code cbt} tool against the emulator, so tests can read what a
 * driver wrote with the store's own tools.
 */
public final class BigtableEmulator {
  /** The environment variable naming a running emulator ({@code host:port}) to use instead. */
  public static final String OVERRIDE = "OSMOS_TEST_BIGTABLE";

  private final String host;
  private final int port;
  private final ServerProcess process;

  private BigtableEmulator(String host, int port, ServerProcess process) {
    this.host = host;
    this.port = port;
    this.process = process;
  }

  /**
   * The emulator of this test JVM: started on first use, or the one {@value #OVERRIDE} names. Skips
   * the calling test (fails it under {@code CI=true}) when there is none.
   */
  public static BigtableEmulator get() {
    return TestServers.requireOrSkip("bigtable", BigtableEmulator::startOrConnect);
  }

  private static BigtableEmulator startOrConnect() {
    Optional<String> override = TestServers.override(OVERRIDE);
    if (override.isPresent()) {
      PubSubEmulator.HostPort hp = PubSubEmulator.HostPort.parse(OVERRIDE, override.get());
      hp.requireReachable("the Bigtable emulator");
      return new BigtableEmulator(hp.host(), hp.port(), null);
    }
    String binary = "platform/bigtable-emulator/cbtemulator";
    Path bin =
        PubSubEmulator.CloudSdk.component(binary)
            .orElseThrow(
                () ->
                    new ServerUnavailableException(
                        "the Bigtable emulator ("
                            + binary
                            + " in the Google Cloud"
                            + " SDK "
                            + PubSubEmulator.CloudSdk.describe()
                            + ") is not installed; install the"
                            + " Debian package google-cloud-cli-bigtable-emulator (or run gcloud components"
                            + " install bigtable), or set "
                            + OVERRIDE
                            + "=host:port to use a running emulator"));
    // A port taken between freePort() and the emulator's bind makes it exit: try a few ports.
    ServerUnavailableException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = TestServers.freePort();
      Path dir = TestServers.tempDir("bigtable");
      ServerProcess p =
          TestServers.start(
              "bigtable-emulator",
              List.of(bin.toString(), "-host", "127.0.0.1", "-port", Integer.toString(port)),
              dir,
              Map.of());
      try {
        p.awaitPort(port, Duration.ofSeconds(30));
        return new BigtableEmulator("127.0.0.1", port, p);
      } catch (ServerUnavailableException e) {
        p.stop();
        last = e;
      }
    }
    throw last;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** {@code host:port}, what a driver's {@code emulatorHost} option and {@code cbt} take. */
  public String hostPort() {
    return host + ":" + port;
  }

  /** {@code bigtable://project/instance?emulator=host:port}, the driver URL. */
  public String url(String project, String instance) {
    return "bigtable://" + project + "/" + instance + "?emulator=" + hostPort();
  }

  /** Whether this JVM started the emulator. */
  public boolean managed() {
    return process != null;
  }

  /**
   * Runs {@code cbt -project project -instance instance args...} against the emulator ({@code
   * BIGTABLE_EMULATOR_HOST} set) and returns its standard output, e.g. {@code cbt("p", "i", "read",
   * "osmos_log")}.
   *
   * @throws ServerUnavailableException when {@code cbt} is not on the PATH
   * @throws AssertionError when cbt fails, with its output
   */
  public String cbt(String project, String instance, String... args) {
    Path cbt =
        TestServers.onPath("cbt")
            .orElseThrow(
                () ->
                    new ServerUnavailableException(
                        "cbt is not on the PATH; install the Debian package google-cloud-cli-cbt (or run gcloud"
                            + " components install cbt)"));
    List<String> cmd =
        new ArrayList<>(List.of(cbt.toString(), "-project", project, "-instance", instance));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("BIGTABLE_EMULATOR_HOST", hostPort());
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("cbt did not finish within 60 s: " + cmd);
      }
      String text = new String(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new AssertionError("cbt exited with " + p.exitValue() + " for " + cmd + ":\n" + text);
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run cbt", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running cbt", e);
    }
  }

  @Override
  public String toString() {
    return "BigtableEmulator(" + hostPort() + (managed() ? ", " + process : ", external") + ")";
  }
}
