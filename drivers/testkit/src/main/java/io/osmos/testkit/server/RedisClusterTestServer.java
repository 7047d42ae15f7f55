package io.osmos.testkit.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A Redis Cluster for driver tests: three masters and three replicas, each a throwaway {@code
 * redis-server --cluster-enabled yes} on a free loopback port with its own directory, joined with
 * {@code redis-cli --cluster create ... --cluster-replicas 1}, started once per test JVM and
 * stopped when it exits; or the cluster named by {@code
 * OSMOS_TEST_REDIS_CLUSTER=redis-cluster://host1:port1,host2:port2}.
 *
 * <pre>{@code
 * RedisClusterTestServer cluster = RedisClusterTestServer.shared();
 * RedisDriver driver = new RedisDriver(cluster.url()); // redis-cluster://127.0.0.1:P1,...
 * }</pre>
 *
 * When the cluster cannot be started (no {@code redis-server} or {@code redis-cli} on the PATH),
 * tests that need it are skipped, or fail under {@code CI=true} (see {@link
 * TestServers#requireOrSkip}). The nodes run with {@code --cluster-node-timeout 2000}, so a killed
 * master's replica is promoted within seconds.
 */
public final class RedisClusterTestServer {
  private static final String OVERRIDE = "OSMOS_TEST_REDIS_CLUSTER";
  private static final int MASTERS = 3;
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  /** How long a node may be unreachable before the cluster fails it over, in milliseconds. */
  public static final int NODE_TIMEOUT_MILLIS = 2000;

  private final String url;
  private final List<RedisTestServer> nodes;

  private RedisClusterTestServer(String url, List<RedisTestServer> nodes) {
    this.url = url;
    this.nodes = nodes;
  }

  /**
   * The cluster every Redis Cluster test of this JVM shares: the one {@code
   * OSMOS_TEST_REDIS_CLUSTER} names, else a throwaway one started now.
   */
  public static RedisClusterTestServer shared() {
    return TestServers.requireOrSkip(
        "redis-cluster",
        () -> {
          Optional<String> override = TestServers.override(OVERRIDE);
          if (override.isPresent()) {
            return new RedisClusterTestServer(override.get(), List.of());
          }
          return start(List.of());
        });
  }

  /**
   * A cluster of its own for tests that kill or stop nodes (never the shared one), started once per
   * JVM for {@code name}, with {@code extraArgs} after every node's defaults.
   */
  public static RedisClusterTestServer dedicated(String name, String... extraArgs) {
    return TestServers.requireOrSkip(
        "redis-cluster (" + name + ")", () -> start(List.of(extraArgs)));
  }

  /**
   * A cluster of its own, as managed services run one: every node TLS only, also between the nodes
   * ({@code --tls-cluster yes --tls-replication yes}), with {@code certs}' server certificate, the
   * default user off and the ACL user {@code user} with {@code password}, which the replicas use to
   * reach their masters. Its {@link #url()} is {@code rediss-cluster://127.0.0.1:P1,...}, without a
   * login. Started once per JVM for {@code name}.
   */
  public static RedisClusterTestServer secured(
      String name, TestCertificates certs, String user, String password) {
    return TestServers.requireOrSkip(
        "redis-cluster with TLS (" + name + ")", () -> start(List.of(), certs, user, password));
  }

  private static RedisClusterTestServer start(List<String> extraArgs) throws IOException {
    return start(extraArgs, null, null, null);
  }

  private static RedisClusterTestServer start(
      List<String> extraArgs, TestCertificates certs, String user, String password)
      throws IOException {
    Path cli =
        TestServers.onPath("redis-cli")
            .orElseThrow(
                () ->
                    new ServerUnavailableException(
                        "redis-cli is not on the PATH; install the Debian package"
                            + " redis-tools (it comes with redis-server), or set "
                            + OVERRIDE
                            + "=redis-cluster://host:port,... to use a running cluster"));
    List<String> args =
        new ArrayList<>(
            List.of(
                "--cluster-enabled",
                "yes",
                "--cluster-config-file",
                "nodes.conf",
                "--cluster-node-timeout",
                Integer.toString(NODE_TIMEOUT_MILLIS)));
    if (certs != null) {
      args.addAll(
          List.of(
              "--tls-cluster",
              "yes",
              "--tls-replication",
              "yes",
              "--masteruser",
              user,
              "--masterauth",
              password));
    }
    args.addAll(extraArgs);
    List<RedisTestServer> nodes = new ArrayList<>();
    for (int i = 0; i < 2 * MASTERS; i++) {
      nodes.add(
          certs == null
              ? RedisTestServer.start(args)
              : RedisTestServer.startSecured(args, certs, user, password));
    }
    List<String> create = new ArrayList<>(List.of(cli.toString()));
    if (certs != null) {
      create.addAll(
          List.of(
              "--tls", "--cacert", certs.caFile().toString(), "--user", user, "--pass", password));
    }
    create.addAll(List.of("--cluster", "create"));
    for (RedisTestServer n : nodes) {
      create.add("127.0.0.1:" + n.port());
    }
    create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
    Path dir = TestServers.tempDir("redis-cluster");
    Path log = dir.resolve("cluster-create.log");
    try {
      Process p =
          new ProcessBuilder(create).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!p.waitFor(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new ServerUnavailableException(
            "redis-cli --cluster create did not finish within "
                + READY_TIMEOUT.toSeconds()
                + " s: "
                + Files.readString(log, StandardCharsets.UTF_8));
      }
      if (p.exitValue() != 0) {
        throw new ServerUnavailableException(
            "redis-cli --cluster create exited with status "
                + p.exitValue()
                + ": "
                + Files.readString(log, StandardCharsets.UTF_8));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServerUnavailableException("interrupted while creating the redis cluster", e);
    }
    String url =
        (certs == null ? "redis-cluster://" : "rediss-cluster://")
            + nodes.stream().map(n -> "127.0.0.1:" + n.port()).collect(Collectors.joining(","));
    RedisClusterTestServer cluster = new RedisClusterTestServer(url, List.copyOf(nodes));
    cluster.awaitReady(READY_TIMEOUT, true);
    return cluster;
  }

  /** The URL to connect to, e.g. {@code redis-cluster://127.0.0.1:41234,127.0.0.1:41235,...}. */
  public String url() {
    return url;
  }

  /** Whether this is a cluster the tests did not start ({@code OSMOS_TEST_REDIS_CLUSTER}). */
  public boolean external() {
    return nodes.isEmpty();
  }

  /** The six nodes as started (masters and replicas; roles change at failover). */
  public List<RedisTestServer> nodes() {
    requireOwn("list the nodes of");
    return nodes;
  }

  /** The nodes that run and are masters now ({@code ROLE}). */
  public List<RedisTestServer> masters() {
    requireOwn("list the masters of");
    List<RedisTestServer> masters = new ArrayList<>();
    for (RedisTestServer n : nodes) {
      if (TestServers.accepts(n.port()) && role(n).equals("master")) {
        masters.add(n);
      }
    }
    return masters;
  }

  /** The running replica of {@code master}, if it has one ({@code ROLE}). */
  public Optional<RedisTestServer> replicaOf(RedisTestServer master) {
    requireOwn("list the replicas of");
    for (RedisTestServer n : nodes) {
      if (n != master && TestServers.accepts(n.port())) {
        List<String> role = n.cli("ROLE").lines().map(String::trim).toList();
        if (role.size() >= 3
            && role.get(0).equals("slave")
            && role.get(2).equals(Integer.toString(master.port()))) {
          return Optional.of(n);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Waits until every running node reports {@code cluster_state:ok}, with all 16384 slots served by
   * {@value #MASTERS} masters, e.g. after a failover.
   *
   * @throws IllegalStateException after {@code timeout}, with what each node last said
   */
  public void awaitHealthy(Duration timeout) {
    requireOwn("wait for");
    awaitReady(timeout, false);
  }

  /**
   * Waits until the cluster is {@linkplain #awaitHealthy healthy} and every master has a replica in
   * sync with it, e.g. after a killed node was {@linkplain RedisTestServer#restart() restarted} and
   * rejoined as a replica.
   */
  public void awaitReplicated(Duration timeout) {
    requireOwn("wait for");
    awaitReady(timeout, true);
  }

  private void awaitReady(Duration timeout, boolean replicas) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String state = "";
    while (System.nanoTime() < deadline) {
      state = state(replicas);
      if (state.isEmpty()) {
        return;
      }
      TestServers.pause();
    }
    throw new ServerUnavailableException(
        "the redis cluster "
            + url
            + " did not become ready"
            + " within "
            + timeout.toSeconds()
            + " s: "
            + state);
  }

  /** What keeps the cluster from being ready; empty when it is. */
  private String state(boolean replicas) {
    List<String> problems = new ArrayList<>();
    int masters = 0;
    for (RedisTestServer n : nodes) {
      if (!TestServers.accepts(n.port())) {
        continue;
      }
      try {
        String info = n.cli("CLUSTER", "INFO");
        String role = role(n);
        if (!info.contains("cluster_state:ok") || !info.contains("cluster_slots_ok:16384")) {
          problems.add(n.port() + ": " + info.lines().limit(3).collect(Collectors.joining(" ")));
        }
        if (role.equals("master")) {
          masters++;
          if (replicas && !n.cli("INFO", "replication").contains("connected_slaves:1")) {
            problems.add(n.port() + ": its replica is not connected yet");
          }
        } else if (replicas && !n.cli("INFO", "replication").contains("master_link_status:up")) {
          problems.add(n.port() + ": the replica is not in sync with its master yet");
        }
      } catch (IllegalStateException e) {
        problems.add(n.port() + ": " + e.getMessage());
      }
    }
    if (masters != MASTERS) {
      problems.add(masters + " masters");
    }
    return String.join("; ", problems);
  }

  private static String role(RedisTestServer node) {
    return node.cli("ROLE").lines().findFirst().orElse("").trim();
  }

  private void requireOwn(String what) {
    if (external()) {
      throw new IllegalStateException(
          "cannot "
              + what
              + " the cluster "
              + OVERRIDE
              + " names; use RedisClusterTestServer.dedicated(...)");
    }
  }

  @Override
  public String toString() {
    return "redis cluster " + url + (external() ? " (external)" : "");
  }
}
