package io.osmos.redis;

import io.osmos.spi.DeadLetterPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import redis.clients.jedis.HostAndPort;

/**
 * A driver URL: {@code redis://[user:password@]host[:port][/db][?prefix=app:]}, {@code
 * rediss://...} (TLS), or {@code redis-cluster://[user:password@]host1:port1,host2:port2[/]} for a
 * Redis Cluster ({@code rediss-cluster://...} with TLS). The parameters {@code prefix}, {@code
 * deadLetterAttempts}, {@code deadLetterTopic}, {@code shards}, {@code waitForReplicas} and {@code
 * waitTimeout} (ms) are the driver's, and with TLS {@code caFile}, {@code trustStore}, {@code
 * trustStorePassword} and {@code verifyHostname} (see {@link RedisTls}); on a single server
 * everything else goes to the client, on a cluster nothing else is accepted.
 *
 * @param clientUri the URL for the client of a single server; null for a cluster
 * @param nodes the nodes of a cluster; empty for a single server
 * @param deadLetter the dead-letter parameters given (possibly none)
 * @param shards the shard count given, or 0
 */
record RedisUrl(
    URI clientUri,
    List<HostAndPort> nodes,
    String user,
    String password,
    String prefix,
    Map<String, String> deadLetter,
    int shards,
    int waitReplicas,
    long waitMillis,
    RedisTls tls) {
  static final String CLUSTER_SCHEME = "redis-cluster";
  static final String TLS_CLUSTER_SCHEME = "rediss-cluster";

  static RedisUrl parse(String url) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalArgumentException(
          "not a redis URL: '"
              + redact(url)
              + "'; expected"
              + " redis://host:port[/db][?prefix=...] or redis-cluster://host1:port1,host2:port2",
          e);
    }
    return parse(uri);
  }

  static RedisUrl parse(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean cluster = scheme.equals(CLUSTER_SCHEME) || scheme.equals(TLS_CLUSTER_SCHEME);
    if (!scheme.equals("redis") && !scheme.equals("rediss") && !cluster) {
      throw new IllegalArgumentException(
          "not a redis URL: '"
              + redact(uri.toString())
              + "'; the scheme must be redis or rediss (TLS), or redis-cluster or rediss-cluster"
              + " (TLS)");
    }
    RedisTls tls =
        scheme.equals("rediss") || scheme.equals(TLS_CLUSTER_SCHEME) ? RedisTls.DEFAULT : null;
    if (!cluster && (uri.getHost() == null || uri.getHost().isEmpty())) {
      throw new IllegalArgumentException(
          "redis URL '"
              + redact(uri.toString())
              + "' has no"
              + " host; expected redis://host:port[/db]");
    }
    String prefix = null;
    int shards = 0;
    int waitReplicas = 0;
    long waitMillis = 0;
    Map<String, String> deadLetter = new HashMap<>();
    List<String> rest = new ArrayList<>();
    if (uri.getRawQuery() != null) {
      for (String param : uri.getRawQuery().split("&", -1)) {
        int eq = param.indexOf('=');
        String name = eq < 0 ? param : param.substring(0, eq);
        String value =
            eq < 0 ? "" : URLDecoder.decode(param.substring(eq + 1), StandardCharsets.UTF_8);
        if (param.startsWith("prefix=")) {
          prefix = value;
        } else if (RedisTls.parameter(name)) {
          if (tls == null) {
            throw new IllegalArgumentException(
                "redis URL '"
                    + redact(uri.toString())
                    + "' has "
                    + name
                    + ", a TLS parameter, but its scheme is "
                    + scheme
                    + "; use "
                    + (cluster ? TLS_CLUSTER_SCHEME : "rediss")
                    + ":// to connect with TLS");
          }
          tls = tls.with(name, value, redact(uri.toString()));
        } else if (name.equals("shards")) {
          shards = shardCount(value, uri);
        } else if (name.equals("waitForReplicas") || name.equals("waitTimeout")) {
          long n;
          try {
            n = Long.parseLong(value);
          } catch (NumberFormatException e) {
            n = -1;
          }
          boolean replicas = name.equals("waitForReplicas");
          if (n < (replicas ? 0 : 1) || n > (replicas ? 1000 : 3_600_000)) {
            throw new IllegalArgumentException(
                "redis URL '"
                    + redact(uri.toString())
                    + "' has "
                    + name
                    + "="
                    + value
                    + "; expected "
                    + (replicas
                        ? "a number of replicas"
                        : "a timeout in milliseconds, at most an hour"));
          }
          if (replicas) {
            waitReplicas = (int) n;
          } else {
            waitMillis = n;
          }
        } else if (name.equals(DeadLetterPolicy.ATTEMPTS_PARAMETER)
            || name.equals(DeadLetterPolicy.TOPIC_PARAMETER)) {
          deadLetter.put(name, value);
        } else if (!param.isEmpty()) {
          rest.add(param);
        }
      }
    }
    // Checked now, so a bad value fails where the URL is read.
    DeadLetterPolicy.DEFAULT.withParameters(deadLetter);
    if (cluster) {
      return parseCluster(uri, prefix, deadLetter, shards, rest, waitReplicas, waitMillis, tls);
    }
    try {
      // Without the login, which the driver gives the client itself.
      String authority = uri.getRawAuthority();
      URI client =
          new URI(
              uri.getScheme()
                  + "://"
                  + authority.substring(authority.lastIndexOf('@') + 1)
                  + (uri.getRawPath() == null ? "" : uri.getRawPath())
                  + (rest.isEmpty() ? "" : "?" + String.join("&", rest)));
      String[] login = login(uri.getRawUserInfo());
      return new RedisUrl(
          client,
          List.of(),
          login[0],
          login[1],
          prefix,
          Map.copyOf(deadLetter),
          shards,
          waitReplicas,
          waitMillis,
          tls);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a redis URL: '" + redact(uri.toString()) + "'", e);
    }
  }

  private static RedisUrl parseCluster(
      URI uri,
      String prefix,
      Map<String, String> deadLetter,
      int shards,
      List<String> rest,
      int waitReplicas,
      long waitMillis,
      RedisTls tls) {
    String shown = redact(uri.toString());
    if (!rest.isEmpty()) {
      throw new IllegalArgumentException(
          "redis cluster URL '"
              + shown
              + "' has unknown"
              + " parameters "
              + rest
              + "; a cluster URL takes prefix, shards, waitForReplicas,"
              + " waitTimeout, "
              + (tls == null
                  ? ""
                  : String.join(", ", new java.util.TreeSet<>(RedisTls.PARAMETERS)) + ", ")
              + DeadLetterPolicy.ATTEMPTS_PARAMETER
              + " and "
              + DeadLetterPolicy.TOPIC_PARAMETER);
    }
    String path = uri.getRawPath();
    if (path != null && !path.isEmpty() && !path.equals("/") && !path.equals("/0")) {
      throw new IllegalArgumentException(
          "redis cluster URL '"
              + shown
              + "' names database "
              + path.substring(1)
              + "; a Redis Cluster has only database 0");
    }
    String authority = uri.getRawAuthority();
    if (authority == null || authority.isEmpty()) {
      throw new IllegalArgumentException(
          "redis cluster URL '"
              + shown
              + "' has no nodes;"
              + " expected redis-cluster://host1:port1,host2:port2");
    }
    int at = authority.lastIndexOf('@');
    String[] login = login(at < 0 ? null : authority.substring(0, at));
    String user = login[0];
    String password = login[1];
    if (at >= 0) {
      authority = authority.substring(at + 1);
    }
    List<HostAndPort> nodes = new ArrayList<>();
    for (String node : authority.split(",", -1)) {
      String n = node.trim();
      int colon = n.lastIndexOf(':');
      String host = colon < 0 ? n : n.substring(0, colon);
      int port = 6379;
      if (colon >= 0) {
        try {
          port = Integer.parseInt(n.substring(colon + 1));
        } catch (NumberFormatException e) {
          port = -1;
        }
      }
      if (host.isEmpty() || port < 1 || port > 65535) {
        throw new IllegalArgumentException(
            "redis cluster URL '" + shown + "' has a bad node '" + n + "'; expected host:port");
      }
      nodes.add(new HostAndPort(host, port));
    }
    return new RedisUrl(
        null,
        List.copyOf(nodes),
        user,
        password,
        prefix,
        Map.copyOf(deadLetter),
        shards,
        waitReplicas,
        waitMillis,
        tls);
  }

  /**
   * User and password (each possibly null) of a URL's raw user info: {@code user:password}, {@code
   * :password}, or {@code password} alone (as Redis URLs allow), percent-decoded.
   */
  private static String[] login(String info) {
    if (info == null) {
      return new String[2];
    }
    int colon = info.indexOf(':');
    if (colon < 0) {
      return new String[] {null, decode(info)};
    }
    return new String[] {
      colon == 0 ? null : decode(info.substring(0, colon)), decode(info.substring(colon + 1))
    };
  }

  private static int shardCount(String value, URI uri) {
    try {
      int n = Integer.parseInt(value);
      if (n >= 1 && n <= BucketShards.MAX_COUNT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "redis URL '"
            + redact(uri.toString())
            + "' has shards="
            + value
            + "; expected a number from 1 to "
            + BucketShards.MAX_COUNT);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** The URL without the password of its user info or its trust store, for messages. */
  static String redact(String url) {
    if (url == null) {
      return null;
    }
    url = url.replaceAll("(?i)([?&]trustStorePassword=)[^&]*", "$1***");
    int scheme = url.indexOf("://");
    int at = url.indexOf('@', Math.max(0, scheme));
    if (scheme < 0 || at < 0) {
      return url;
    }
    String info = url.substring(scheme + 3, at);
    int colon = info.indexOf(':');
    String shown = colon < 0 ? "***" : info.substring(0, colon) + ":***";
    return url.substring(0, scheme + 3) + shown + url.substring(at);
  }

  /** Whether this URL names a Redis Cluster. */
  boolean cluster() {
    return clientUri == null;
  }

  /**
   * {@code options} with this URL's prefix, shards and dead-letter parameters, where it has them.
   */
  RedisDriver.Options apply(RedisDriver.Options options) {
    RedisDriver.Options o = prefix == null ? options : options.keyPrefix(prefix);
    if (shards > 0) {
      o = o.shards(shards);
    }
    if (waitReplicas > 0 || waitMillis > 0) {
      o =
          o.waitForReplicas(
              waitReplicas > 0 ? waitReplicas : o.waitForReplicas(),
              waitMillis > 0 ? java.time.Duration.ofMillis(waitMillis) : o.replicaTimeout());
    }
    return deadLetter.isEmpty() ? o : o.deadLetter(o.deadLetter().withParameters(deadLetter));
  }

  /**
   * Where this URL connects, for messages: scheme, user (never the password) and host and port, or
   * the cluster's nodes.
   */
  String target() {
    if (cluster()) {
      return (tls == null ? CLUSTER_SCHEME : TLS_CLUSTER_SCHEME)
          + "://"
          + (user == null ? "" : user + "@")
          + nodes.stream()
              .map(HostAndPort::toString)
              .collect(java.util.stream.Collectors.joining(","));
    }
    return clientUri.getScheme()
        + "://"
        + (user == null ? "" : user + "@")
        + clientUri.getHost()
        + (clientUri.getPort() < 0 ? "" : ":" + clientUri.getPort());
  }

  @Override
  public String toString() {
    // never the password
    return "RedisUrl(" + target() + ", prefix=" + prefix + (tls == null ? "" : ", " + tls) + ")";
  }
}
