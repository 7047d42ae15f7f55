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
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Google's official Pub/Sub emulator for driver tests, started once per test JVM and stopped when
 * it exits:
 *
 * <pre>
 * $SDK/platform/pubsub-emulator/bin/cloud-pubsub-emulator --host=127.0.0.1 --port=P
 * </pre>
 *
 * on a free loopback port P, where {@code SDK} is the Google Cloud SDK's root (what {@code gcloud
 * info --format='value(installation.sdk_root)'} prints; the emulator is the Debian package {@code
 * google-cloud-cli-pubsub-emulator}, or {@code gcloud components install pubsub-emulator}). The
 * emulator keeps everything in memory.
 *
 * <p>Emulator 0.8.20 bundles mismatched gRPC jars: its server throws {@code NoSuchMethodError}
 * whenever a client cancels a stream (as a closing subscriber does) and then keeps dispatching
 * messages to the dead stream. The launcher then starts the emulator's jar on this JVM's {@code
 * java} with a patched {@code io.grpc.InternalStatus} (compiled at launch against the jar) first on
 * the class path; emulators that do not need it run through their own script.
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

  private static final String HEAP = "-Xmx512m -XX:+UseSerialGC";

  private final String host;
  private final int port;
  private final ServerProcess process;

  private PubSubEmulator(String host, int port, ServerProcess process) {
    this.host = host;
    this.port = port;
    this.process = process;
  }

  /**
   * The emulator of this test JVM: started on first use, or the one {@value #OVERRIDE} names. Skips
   * the calling test (fails it under {@code CI=true}) when there is none.
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
    Path bin =
        CloudSdk.component(script)
            .orElseThrow(
                () ->
                    new ServerUnavailableException(
                        "the Pub/Sub emulator ("
                            + script
                            + " in the Google Cloud SDK "
                            + CloudSdk.describe()
                            + ") is not installed; install the Debian package google-cloud-cli-pubsub-emulator"
                            + " (or run gcloud components install pubsub-emulator), or set "
                            + OVERRIDE
                            + "=host:port to use a running emulator"));
    // A port taken between freePort() and the emulator's bind makes it exit: try a few ports.
    ServerUnavailableException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = TestServers.freePort();
      Path dir = TestServers.tempDir("pubsub");
      List<String> command = command(bin, dir, port);
      ServerProcess p =
          TestServers.start(
              "pubsub-emulator",
              command,
              dir,
              // A small heap is plenty for tests; the machine is shared.
              Map.of("CLOUD_PUBSUB_EMULATOR_OPTS", HEAP, "JAVA_OPTS", ""));
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

  /**
   * The command that starts the emulator: its launcher script, or, for an emulator jar whose
   * bundled gRPC misses {@code io.grpc.InternalStatus.asRuntimeException(Status, Metadata,
   * boolean)} (0.8.20 does), the same JVM with a patched copy of that class first on the class
   * path. Without it the emulator fails on every stream a client cancels ({@code NoSuchMethodError}
   * in its log) and keeps sending messages to it: a subscriber that closes swallows messages of its
   * subscription until their ack deadline passes, again and again.
   */
  private static List<String> command(Path script, Path dir, int port) {
    List<String> args = List.of("--host=127.0.0.1", "--port=" + port);
    Optional<Path> jar = emulatorJar(script);
    if (jar.isEmpty() || !GrpcStatusPatch.needed(jar.get())) {
      List<String> cmd = new ArrayList<>(List.of(script.toString()));
      cmd.addAll(args);
      return cmd;
    }
    Path classes = GrpcStatusPatch.compile(jar.get(), dir.resolve("patch"));
    List<String> cmd =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(List.of(HEAP.split(" ")));
    cmd.addAll(
        List.of(
            "-cp",
            classes + java.io.File.pathSeparator + jar.get(),
            GrpcStatusPatch.mainClass(jar.get())));
    cmd.addAll(args);
    return cmd;
  }

  private static Optional<Path> emulatorJar(Path script) {
    Path lib = script.getParent().getParent().resolve("lib");
    try (var files = Files.list(lib)) {
      return files
          .filter(f -> f.getFileName().toString().matches("cloud-pubsub-emulator-.*\\.jar"))
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
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

  /** The patched {@code io.grpc.InternalStatus} the emulator's gRPC server needs. */
  static final class GrpcStatusPatch {
    private static final String CLASS = "io/grpc/InternalStatus.class";
    private static final String METHOD = "asRuntimeException";
    // Compiled against the emulator jar at launch, so it matches its gRPC exactly.
    private static final String SOURCE =
        String.join(
            "\n",
            "package io.grpc;",
            "",
            "/** The emulator's InternalStatus, plus the method its gRPC server calls. */",
            "public final class InternalStatus {",
            "  private InternalStatus() {}",
            "",
            "  public static final Metadata.Key<String> MESSAGE_KEY = Status.MESSAGE_KEY;",
            "  public static final Metadata.Key<Status> CODE_KEY = Status.CODE_KEY;",
            "",
            "  public static StatusRuntimeException asRuntimeExceptionWithoutStacktrace(",
            "      Status status, Metadata trailers) {",
            "    return new InternalStatusRuntimeException(status, trailers);",
            "  }",
            "",
            "  public static StatusRuntimeException asRuntimeException(",
            "      Status status, Metadata trailers, boolean withStackTrace) {",
            "    return withStackTrace",
            "        ? new StatusRuntimeException(status, trailers)",
            "        : new InternalStatusRuntimeException(status, trailers);",
            "  }",
            "}",
            "");

    private GrpcStatusPatch() {}

    /** Whether the jar's InternalStatus lacks the method (no such name in its constant pool). */
    static boolean needed(Path jar) {
      try (ZipFile zip = new ZipFile(jar.toFile())) {
        ZipEntry e = zip.getEntry(CLASS);
        if (e == null) {
          return false;
        }
        byte[] bytes = zip.getInputStream(e).readAllBytes();
        // A CONSTANT_Utf8 entry: tag 1, two length bytes, then the name itself.
        byte[] name = METHOD.getBytes(StandardCharsets.UTF_8);
        byte[] constant = new byte[name.length + 3];
        constant[0] = 1;
        constant[2] = (byte) name.length;
        System.arraycopy(name, 0, constant, 3, name.length);
        return indexOf(bytes, constant) < 0;
      } catch (IOException e) {
        return false;
      }
    }

    /** The jar's Main-Class. */
    static String mainClass(Path jar) {
      try (JarFile j = new JarFile(jar.toFile())) {
        Manifest m = j.getManifest();
        String main = m == null ? null : m.getMainAttributes().getValue("Main-Class");
        if (main == null) {
          throw new ServerUnavailableException(jar + " names no Main-Class in its manifest");
        }
        return main;
      } catch (IOException e) {
        throw new ServerUnavailableException("cannot read " + jar + ": " + e.getMessage(), e);
      }
    }

    /** Compiles the patched class against {@code jar} into {@code out}; returns {@code out}. */
    static Path compile(Path jar, Path out) {
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      if (javac == null) {
        throw new ServerUnavailableException(
            "the Pub/Sub emulator in "
                + jar
                + " needs a patched"
                + " io.grpc.InternalStatus, compiled at launch, but this JVM has no Java compiler;"
                + " run the tests on a JDK");
      }
      try {
        Path src = out.resolve("src/io/grpc/InternalStatus.java");
        Path classes = out.resolve("classes");
        Files.createDirectories(src.getParent());
        Files.createDirectories(classes);
        Files.writeString(src, SOURCE, StandardCharsets.UTF_8);
        java.io.StringWriter diagnostics = new java.io.StringWriter();
        try (StandardJavaFileManager files =
            javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
          boolean ok =
              javac
                  .getTask(
                      diagnostics,
                      files,
                      null,
                      List.of(
                          "-nowarn", "-proc:none", "-cp", jar.toString(), "-d", classes.toString()),
                      null,
                      files.getJavaFileObjects(src.toFile()))
                  .call();
          if (!ok) {
            throw new ServerUnavailableException(
                "cannot compile the patched"
                    + " io.grpc.InternalStatus for the Pub/Sub emulator "
                    + jar
                    + ":\n"
                    + diagnostics);
          }
        }
        return classes;
      } catch (IOException e) {
        throw new ServerUnavailableException(
            "cannot write the Pub/Sub emulator patch to " + out + ": " + e.getMessage(), e);
      }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
      outer:
      for (int i = 0; i + needle.length <= haystack.length; i++) {
        for (int j = 0; j < needle.length; j++) {
          if (haystack[i + j] != needle[j]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }
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
      throw new ServerUnavailableException(
          variable + " must be host:port (e.g. 127.0.0.1:8085)," + " was '" + value + "'");
    }

    /** Fails unless a TCP connection to the address succeeds within 5 s. */
    void requireReachable(String what) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(host, port), 5000);
      } catch (IOException e) {
        throw new ServerUnavailableException(
            what
                + " at "
                + host
                + ":"
                + port
                + " does not"
                + " accept connections: "
                + e.getMessage(),
            e);
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
      return TestServers.onPath("gcloud")
          .map(g -> "of " + g)
          .orElse("(gcloud is not on the PATH;" + " looked in " + DEBIAN + ")");
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
        return bin == null || bin.getParent() == null
            ? Optional.empty()
            : Optional.of(bin.getParent());
      } catch (IOException e) {
        return Optional.empty();
      }
    }

    private static Optional<Path> rootByInfo(Path gcloud) {
      try {
        Process p =
            new ProcessBuilder(gcloud.toString(), "info", "--format=value(installation.sdk_root)")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          return Optional.empty();
        }
        String root = new String(out, StandardCharsets.UTF_8).trim();
        return p.exitValue() == 0 && !root.isEmpty() && Files.isDirectory(Path.of(root))
            ? Optional.of(Path.of(root))
            : Optional.empty();
      } catch (IOException e) {
        return Optional.empty();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }
}
