package io.osmos.testkit.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster for driver tests, started once per test JVM and stopped when it
 * exits:
 *
 * <pre>
 * initdb -D D/data -U test --auth=trust -E UTF8 --no-sync
 * pg_ctl -D D/data -w -l D/postgres.log \
 *     -o "-p P -c listen_addresses=127.0.0.1 -k D -c fsync=off" start
 * </pre>
 *
 * on a free loopback port P in a temporary directory D. {@code initdb} refuses to run as root, so
 * as root the directory is given to the {@code postgres} user and both commands run through {@code
 * runuser -u postgres --}. The binaries are looked up on the PATH, then under {@code
 * /usr/lib/postgresql/<version>/bin} (newest first).
 *
 * <p>{@code OSMOS_TEST_POSTGRES=postgresql://user@host:port/db} uses a server that is already
 * running instead; such a server cannot be stopped and restarted by tests ({@link #managed()} is
 * false). Under {@code CI=true} a server that cannot be started fails the tests that need it,
 * naming what is missing; elsewhere they are skipped (see {@link TestServers#requireOrSkip}).
 *
 * <p>The class has no JDBC dependency: it hands out URLs, and runs SQL through {@code psql} for
 * tests that read what a driver wrote with the store's own tools.
 */
public final class PostgresTestServer {
  /** The environment variable naming a running server to use instead of starting one. */
  public static final String OVERRIDE = "OSMOS_TEST_POSTGRES";

  private static final String USER = "test";
  private static final String DATABASE = "postgres";

  private final String host;
  private final int port;
  private final String user;
  private final String password;
  private final String database;
  private final Path bin;
  private final Path dir;
  private final boolean asPostgresUser;

  /** Server options after the defaults ({@code -c ssl=on ...} for a secured server), or "". */
  private final String serverOptions;

  private PostgresTestServer(
      String host,
      int port,
      String user,
      String password,
      String database,
      Path bin,
      Path dir,
      boolean asPostgresUser) {
    this(host, port, user, password, database, bin, dir, asPostgresUser, "");
  }

  private PostgresTestServer(
      String host,
      int port,
      String user,
      String password,
      String database,
      Path bin,
      Path dir,
      boolean asPostgresUser,
      String serverOptions) {
    this.serverOptions = serverOptions;
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
    this.database = database;
    this.bin = bin;
    this.dir = dir;
    this.asPostgresUser = asPostgresUser;
  }

  /**
   * The server of this test JVM: started on first use, or the one {@value #OVERRIDE} names. Skips
   * the calling test (fails it under {@code CI=true}) when there is none.
   */
  public static PostgresTestServer get() {
    return TestServers.requireOrSkip("postgres", PostgresTestServer::startOrConnect);
  }

  /**
   * A cluster of its own, as managed databases run: TLS on ({@code ssl=on} with {@code certs}'
   * server certificate), and logins over TCP only with TLS and a password ({@code pg_hba.conf}:
   * {@code hostssl ... scram-sha-256}, {@code hostnossl ... reject}). The user {@code test} has
   * {@code password}, set by {@code initdb --pwfile}. Its {@link #url()} holds the login ({@code
   * password} percent-encoded) but no TLS options; {@link #psql} connects with {@code
   * sslmode=require}. Started once per JVM for {@code name}.
   */
  public static PostgresTestServer secured(String name, TestCertificates certs, String password) {
    return TestServers.requireOrSkip(
        "postgres with TLS (" + name + ")", () -> startSecured(certs, password));
  }

  private static PostgresTestServer startSecured(TestCertificates certs, String password)
      throws IOException {
    Path bin =
        findBinaries()
            .orElseThrow(
                () ->
                    new ServerUnavailableException(
                        "PostgreSQL's initdb and pg_ctl are neither on the PATH nor under"
                            + " /usr/lib/postgresql/*/bin; install the Debian package postgresql"));
    boolean root = isRoot();
    if (root && TestServers.onPath("runuser").isEmpty()) {
      throw new ServerUnavailableException(
          "initdb refuses to run as root and runuser is not on"
              + " the PATH to run it as the postgres user; run the tests as another user");
    }
    Path dir = TestServers.tempDir("postgres-tls");
    Path tls = Files.createDirectories(dir.resolve("tls"));
    Files.copy(certs.serverCert(), tls.resolve("server.pem"));
    Files.copy(certs.serverKey(), tls.resolve("server.key"));
    Files.writeString(dir.resolve("pwfile"), password + "\n", StandardCharsets.UTF_8);
    if (root) {
      run(List.of("chown", "-R", "postgres", dir.toString()), dir, "chown to postgres");
    }
    // PostgreSQL refuses a key that others may read.
    run(
        asServer(root, List.of("chmod", "600", tls.resolve("server.key").toString())),
        dir,
        "chmod of the server key");
    String options =
        " -c ssl=on -c ssl_cert_file="
            + tls.resolve("server.pem")
            + " -c ssl_key_file="
            + tls.resolve("server.key");
    PostgresTestServer server =
        new PostgresTestServer(
            "127.0.0.1",
            TestServers.freePort(),
            USER,
            java.net.URLEncoder.encode(password, StandardCharsets.UTF_8),
            DATABASE,
            bin,
            dir,
            root,
            options);
    run(
        server.asServerUser(
            List.of(
                bin.resolve("initdb").toString(),
                "-D",
                dir.resolve("data").toString(),
                "-U",
                USER,
                "--auth=scram-sha-256",
                "--pwfile=" + dir.resolve("pwfile"),
                "-E",
                "UTF8",
                "--no-sync")),
        dir,
        "initdb");
    Files.writeString(dir.resolve("pwfile"), "");
    Path hba = dir.resolve("pg_hba.conf");
    Files.writeString(
        hba,
        "local all all scram-sha-256\n"
            + "hostssl all all 127.0.0.1/32 scram-sha-256\n"
            + "hostnossl all all 127.0.0.1/32 reject\n",
        StandardCharsets.UTF_8);
    run(
        server.asServerUser(
            List.of("cp", hba.toString(), dir.resolve("data").resolve("pg_hba.conf").toString())),
        dir,
        "writing pg_hba.conf");
    TestServers.atExit(server::stopQuietly);
    server.start();
    return server;
  }

  private static List<String> asServer(boolean root, List<String> command) {
    if (!root) {
      return command;
    }
    List<String> cmd = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
    cmd.addAll(command);
    return cmd;
  }

  private static PostgresTestServer startOrConnect() throws IOException, InterruptedException {
    Optional<String> url = TestServers.override(OVERRIDE);
    if (url.isPresent()) {
      return at(url.get());
    }
    Path bin =
        findBinaries()
            .orElseThrow(
                () ->
                    new ServerUnavailableException(
                        "PostgreSQL's initdb and pg_ctl are neither on the PATH nor under"
                            + " /usr/lib/postgresql/*/bin; install the Debian package postgresql (or set "
                            + OVERRIDE
                            + "=postgresql://user@127.0.0.1:5432/db to use a running server)"));
    boolean root = isRoot();
    if (root && TestServers.onPath("runuser").isEmpty()) {
      throw new ServerUnavailableException(
          "initdb refuses to run as root and runuser is not on"
              + " the PATH to run it as the postgres user; run the tests as another user, or set "
              + OVERRIDE);
    }
    Path dir = TestServers.tempDir("postgres");
    if (root) {
      run(List.of("chown", "-R", "postgres", dir.toString()), dir, "chown to postgres");
    }
    PostgresTestServer server =
        new PostgresTestServer(
            "127.0.0.1", TestServers.freePort(), USER, null, DATABASE, bin, dir, root);
    server.initdb();
    TestServers.atExit(server::stopQuietly);
    server.start();
    return server;
  }

  /** A server that is already running, from a {@code postgresql://user@host:port/db} URL. */
  static PostgresTestServer at(String url) {
    URI uri;
    try {
      uri = new URI(url.startsWith("jdbc:") ? url.substring(5) : url);
    } catch (URISyntaxException e) {
      throw new ServerUnavailableException(OVERRIDE + " is not a URL: " + url, e);
    }
    String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
    if (!scheme.equals("postgresql") && !scheme.equals("postgres")) {
      throw new ServerUnavailableException(
          OVERRIDE + " must be a postgresql://user@host:port/db" + " URL, was " + url);
    }
    // Kept percent-encoded, as it goes back into URLs; psql gets the decoded password.
    String userInfo = uri.getRawUserInfo();
    String[] info = userInfo == null ? new String[] {USER} : userInfo.split(":", 2);
    String db =
        uri.getPath() == null || uri.getPath().length() <= 1
            ? DATABASE
            : uri.getPath().substring(1);
    return new PostgresTestServer(
        uri.getHost() == null ? "127.0.0.1" : uri.getHost(),
        uri.getPort() < 0 ? 5432 : uri.getPort(),
        info[0],
        info.length > 1 ? info[1] : null,
        db,
        null,
        null,
        false);
  }

  /** Whether this JVM started the server (and may stop and restart it). */
  public boolean managed() {
    return dir != null;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public String user() {
    return user;
  }

  public String database() {
    return database;
  }

  /** {@code postgresql://user[:password]@host:port/database}, the form Osmos driver URLs take. */
  public String url() {
    return "postgresql://"
        + user
        + (password == null ? "" : ":" + password)
        + "@"
        + host
        + ":"
        + port
        + "/"
        + database;
  }

  /** {@code jdbc:postgresql://host:port/database?user=...}, for JDBC data sources. */
  public String jdbcUrl() {
    return "jdbc:postgresql://"
        + host
        + ":"
        + port
        + "/"
        + database
        + "?user="
        + user
        + (password == null ? "" : "&password=" + password);
  }

  /**
   * Runs {@code sql} with {@code psql} (unaligned, tuples only, fields separated by {@code |},
   * stopping at the first error) and returns its output.
   *
   * @throws AssertionError when psql fails, with its output
   */
  public String psql(String sql) {
    Path psql =
        findPsql()
            .orElseThrow(
                () ->
                    new ServerUnavailableException(
                        "psql is not on the PATH; install the Debian package postgresql-client"));
    String psqlUser = URLDecoder.decode(user, StandardCharsets.UTF_8);
    List<String> cmd =
        List.of(
            psql.toString(),
            "-X",
            "-q",
            "-A",
            "-t",
            "-F",
            "|",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            host,
            "-p",
            Integer.toString(port),
            "-U",
            psqlUser,
            "-d",
            database,
            "-c",
            sql);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("PGCONNECT_TIMEOUT", "10");
    if (!serverOptions.isEmpty()) {
      pb.environment().put("PGSSLMODE", "require");
    }
    if (password != null) {
      pb.environment().put("PGPASSWORD", URLDecoder.decode(password, StandardCharsets.UTF_8));
    }
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("psql did not finish within 60 s: " + sql);
      }
      String text = new String(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new AssertionError(
            "psql exited with " + p.exitValue() + " for " + sql + ":\n" + text);
      }
      return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run psql", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running psql", e);
    }
  }

  /**
   * Stops the server at once, as a crash would ({@code pg_ctl stop -m immediate}): connections are
   * cut and uncommitted transactions are lost.
   *
   * @throws IllegalStateException for a server this JVM did not start
   */
  public void stopImmediately() {
    requireManaged("stop");
    long postmaster = lockPid(dir.resolve("data").resolve("postmaster.pid"));
    pgCtl("stop", "-m", "immediate");
    // pg_ctl may return while the postmaster is still winding down its backends; a restart before
    // it is gone fails on the lock file, so wait (bounded) until it has exited.
    if (!awaitExit(postmaster, 10)) {
      // Still there (a busy machine can keep it winding down): finish the crash with SIGKILL.
      ProcessHandle.of(postmaster).ifPresent(ProcessHandle::destroyForcibly);
      awaitExit(postmaster, 10);
    }
  }

  /** Waits (bounded) until the postmaster with this PID has exited; false if it has not. */
  private boolean awaitExit(long postmaster, int seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (postmaster > 0 && !exited(postmaster)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** What /proc says about the process holding a lock file, for error messages. */
  private static String describe(Path lock) {
    long pid = lockPid(lock);
    if (pid <= 0) {
      return lock.getFileName() + ": none";
    }
    Path proc = Path.of("/proc", Long.toString(pid));
    try {
      return lock.getFileName()
          + ": PID "
          + pid
          + ", stat "
          + Files.readString(proc.resolve("stat")).trim()
          + ", cmdline "
          + cmdline(proc);
    } catch (IOException e) {
      return lock.getFileName() + ": PID " + pid + " (no such process)";
    }
  }

  /** A process's command line from /proc, its NUL-separated arguments joined by spaces. */
  private static String cmdline(Path proc) throws IOException {
    return new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
        .replace('\0', ' ');
  }

  /** The PID on the first line of a lock file, or -1. */
  private static long lockPid(Path lock) {
    try {
      if (!Files.exists(lock)) {
        return -1;
      }
      return Long.parseLong(Files.readAllLines(lock).stream().findFirst().orElse("").trim());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Whether this server's postmaster, which wrote this PID into its lock file, is gone: no such
   * process, a zombie (dead, not yet reaped: it holds nothing), or the PID now belongs to another
   * process — PIDs wrap around quickly when a test run starts many threads and processes, and the
   * new owner may even be another cluster's postgres, so the process counts as ours only if its
   * command line names this data directory.
   */
  private boolean exited(long pid) {
    Path proc = Path.of("/proc", Long.toString(pid));
    try {
      if (!Files.exists(proc)) {
        return true;
      }
      String stat = Files.readString(proc.resolve("stat"));
      int close = stat.lastIndexOf(')');
      if (close > 0 && stat.length() > close + 2 && stat.charAt(close + 2) == 'Z') {
        return true;
      }
      // NUL-separated arguments; the postmaster runs as "postgres -D <dir>/data ...".
      return !cmdline(proc).contains(dir.resolve("data").toString());
    } catch (IOException e) {
      return true; // vanished between the calls
    }
  }

  /**
   * Starts the server (again) on the same port and data directory, waiting until it accepts
   * connections.
   *
   * @throws IllegalStateException for a server this JVM did not start
   */
  public void start() {
    requireManaged("start");
    Path log = dir.resolve("postgres.log");
    // Right after an immediate stop the old backends may still hold the port or the socket lock
    // for a moment, and the new postmaster exits: try again a few times before giving up.
    Path pidFile = dir.resolve("data").resolve("postmaster.pid");
    for (int attempt = 1; ; attempt++) {
      long running = lockPid(pidFile);
      if (running > 0 && !exited(running)) {
        // A postmaster of this data directory is up: an earlier attempt started it although
        // pg_ctl gave up waiting for it (crash recovery on a busy machine). stopImmediately has
        // made sure the crashed one is gone, so this is the new one.
        break;
      }
      removeStaleLockFiles();
      try {
        pgCtl(
            "-w",
            "-t",
            "60",
            "-l",
            log.toString(),
            "-o",
            "-p "
                + port
                + " -c listen_addresses=127.0.0.1 -k "
                + dir
                + " -c fsync=off"
                + serverOptions,
            "start");
        break;
      } catch (ServerUnavailableException e) {
        if (attempt == 10) {
          throw new ServerUnavailableException(
              e.getMessage()
                  + "\nserver log ends with:\n"
                  + tail(log, 20)
                  + "\nlock holder: "
                  + describe(pidFile),
              e);
        }
        try {
          Thread.sleep(Math.min(500L * attempt, 3000L));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
    TestServers.awaitPort("postgres", port, Duration.ofSeconds(30));
  }

  @Override
  public String toString() {
    return "PostgresTestServer("
        + host
        + ":"
        + port
        + "/"
        + database
        + (managed() ? ", dir " + dir : ", external")
        + ")";
  }

  // ---- process control -------------------------------------------------------------------------

  /**
   * Deletes lock files left by a postmaster that is gone. After an immediate stop the old
   * postmaster can linger as a zombie when nothing reaps it (a container whose first process does
   * not wait for orphans); its PID still answers, so a new postmaster refuses to start with "lock
   * file already exists". A process that is a zombie or absent holds nothing.
   */
  private void removeStaleLockFiles() {
    List<Path> locks = new ArrayList<>();
    locks.add(dir.resolve("data").resolve("postmaster.pid"));
    locks.add(dir.resolve(".s.PGSQL." + port + ".lock"));
    for (Path lock : locks) {
      long pid = lockPid(lock);
      if (pid > 0 && exited(pid)) {
        try {
          Files.deleteIfExists(lock);
        } catch (IOException e) {
          // Leave it to postgres, which reports it precisely.
        }
      }
    }
  }

  private void initdb() {
    run(
        asServerUser(
            List.of(
                bin.resolve("initdb").toString(),
                "-D",
                dir.resolve("data").toString(),
                "-U",
                USER,
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync")),
        dir,
        "initdb");
  }

  private void pgCtl(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(bin.resolve("pg_ctl").toString());
    cmd.add("-D");
    cmd.add(dir.resolve("data").toString());
    cmd.addAll(List.of(args));
    run(asServerUser(cmd), dir, "pg_ctl " + args[args.length - 1]);
  }

  private void stopQuietly() {
    try {
      pgCtl("stop", "-m", "fast");
    } catch (RuntimeException e) {
      // Already stopped (a test stopped it) or gone: nothing to clean up.
    }
  }

  private List<String> asServerUser(List<String> command) {
    if (!asPostgresUser) {
      return command;
    }
    List<String> cmd = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
    cmd.addAll(command);
    return cmd;
  }

  private void requireManaged(String what) {
    if (!managed()) {
      throw new IllegalStateException(
          "cannot "
              + what
              + " the server at "
              + url()
              + ": it was given by "
              + OVERRIDE
              + ", not started by this JVM");
    }
  }

  /** Runs a command to completion; its output goes to {@code dir/commands.log}. */
  private static void run(List<String> command, Path dir, String what) {
    Path log = dir.resolve("commands.log");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    // initdb picks the locale from the environment; C keeps the cluster's order byte-wise.
    pb.environment().put("LC_ALL", "C");
    pb.environment().put("LANG", "C");
    try {
      Process p = pb.start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new ServerUnavailableException(what + " did not finish within 120 s; see " + log);
      }
      if (p.exitValue() != 0) {
        throw new ServerUnavailableException(
            what
                + " failed with exit status "
                + p.exitValue()
                + " ("
                + String.join(" ", command)
                + "); its output ends with:\n"
                + tail(log, 20));
      }
    } catch (IOException e) {
      throw new ServerUnavailableException(
          "cannot run " + what + " (" + command.get(0) + "): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServerUnavailableException("interrupted while running " + what, e);
    }
  }

  private static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(" + log + " unreadable: " + e.getMessage() + ")";
    }
  }

  private static Optional<Path> findBinaries() throws IOException {
    Optional<Path> initdb = TestServers.onPath("initdb");
    if (initdb.isPresent() && TestServers.onPath("pg_ctl").isPresent()) {
      return Optional.of(initdb.get().toRealPath().getParent());
    }
    return debianBinaries("initdb");
  }

  private static Optional<Path> findPsql() {
    Optional<Path> psql = TestServers.onPath("psql");
    if (psql.isPresent()) {
      return psql;
    }
    try {
      return debianBinaries("psql").map(b -> b.resolve("psql"));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** {@code /usr/lib/postgresql/<version>/bin} holding {@code command}, newest version first. */
  private static Optional<Path> debianBinaries(String command) throws IOException {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve(command)))
          .max(
              (a, b) ->
                  compareVersions(
                      a.getParent().getFileName().toString(),
                      b.getParent().getFileName().toString()));
    }
  }

  private static int compareVersions(String a, String b) {
    try {
      return Double.compare(Double.parseDouble(a), Double.parseDouble(b));
    } catch (NumberFormatException e) {
      return a.compareTo(b);
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }
}
