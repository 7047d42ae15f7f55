package io.osmos.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.Osmos;
import io.osmos.exceptions.OsmosException;
import io.osmos.testkit.logging.CapturedLogs;
import io.osmos.testkit.server.RedisClusterTestServer;
import io.osmos.testkit.server.TestCertificates;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Redis Cluster as managed services run one: TLS between clients and nodes and among the nodes,
 * the default user off, an ACL user with a password. The driver connects with {@code
 * rediss-cluster://user:password@node,...?caFile=...}; a wrong password and an untrusted
 * certificate fail when the driver is made (it reads the slot map then), clearly, without the
 * password anywhere.
 */
class RedisClusterTlsTest {
  private static final String USER = "app";
  private static final String PASSWORD = "cluster-s3cret";

  private static TestCertificates certs;
  private static RedisClusterTestServer cluster;

  @BeforeAll
  static void start() {
    certs = TestCertificates.create("DNS:localhost", "IP:127.0.0.1");
    cluster = RedisClusterTestServer.secured("tls", certs, USER, PASSWORD);
  }

  private static String url(String password, String caFile) {
    String nodes = cluster.url().substring("rediss-cluster://".length());
    return "rediss-cluster://"
        + USER
        + ":"
        + password
        + "@"
        + nodes
        + "?caFile="
        + caFile
        + "&prefix=c"
        + Long.toString(new Random().nextLong() >>> 1, 36)
        + ":";
  }

  @Test
  void savesGetsAndFindsOnATlsClusterAsAnAclUser() {
    try (CapturedLogs logs = CapturedLogs.start();
        Osmos osmos =
            Osmos.builder().driver("db", url(PASSWORD, certs.caFile().toString())).build()) {
      UserRepository users = new UserRepository(osmos);
      for (int i = 0; i < 20; i++) {
        users.save(
            new User(
                "u" + i,
                "u" + i + "@example.org",
                20 + i,
                true,
                null,
                List.of(),
                Instant.ofEpochSecond(1_700_000_000L + i),
                0));
      }
      assertEquals(20, users.count());
      assertEquals("u7@example.org", users.get("u7").orElseThrow().email());
      assertEquals(
          List.of("u3"),
          users.findAll(User_.email.eq("u3@example.org")).stream().map(User::id).toList());
      assertFalse(osmos.driver("db").toString().contains(PASSWORD));
      logs.assertNotContains(PASSWORD);
      for (int i = 0; i < 20; i++) {
        users.delete("u" + i);
      }
    }
  }

  @Test
  void aWrongPasswordOrAnUntrustedCertificateFailsWhenTheDriverIsMade() {
    String wrong = "wrong-cluster-pa55";
    OsmosException auth = fails(url(wrong, certs.caFile().toString()), wrong);
    assertTrue(auth.getMessage().contains("authentication failed"), auth.getMessage());
    assertTrue(auth.getMessage().contains("rediss-cluster://app@127.0.0.1:"), auth.getMessage());
    OsmosException untrusted = fails(url(PASSWORD, certs.otherCaFile().toString()), PASSWORD);
    assertTrue(
        untrusted.getMessage().contains("certificate is not trusted"), untrusted.getMessage());
  }

  private static OsmosException fails(String url, String secret) {
    OsmosException e;
    try (CapturedLogs logs = CapturedLogs.start()) {
      e = assertThrows(OsmosException.class, () -> Osmos.builder().driver("db", url));
      logs.assertNotContains(secret);
    }
    System.out.println("the driver failed as it should: " + e.getMessage());
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    assertFalse(trace.toString().contains(secret), trace.toString());
    return e;
  }
}
