package io.osmos.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.Osmos;
import io.osmos.exceptions.OsmosException;
import io.osmos.testkit.logging.CapturedLogs;
import io.osmos.testkit.server.RedisTestServer;
import io.osmos.testkit.server.TestCertificates;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Redis server as managed services run one: TLS only, with a certificate from a private CA that
 * the test generates, the default user off and an ACL user with a password. The driver connects
 * with {@code rediss://user:password@host:port?caFile=...}; a wrong password, an untrusted
 * certificate, a certificate for another host and a missing login each fail when the repository is
 * bound, with an {@link OsmosException} that names the host and the problem, and no message, stack
 * trace, {@code toString} or log line holds the password.
 */
class RedisTlsTest {
  private static final String USER = "app";

  /** Characters that need percent-encoding in a URL, to show the login is decoded. */
  private static final String PASSWORD = "s3cret/p@ss:w%rd";

  private static final String WRONG = "wr0ng-pa55word";

  private static TestCertificates certs;
  private static RedisTestServer server;

  @BeforeAll
  static void start() {
    certs = TestCertificates.create("DNS:localhost", "IP:127.0.0.1");
    server =
        RedisTestServer.secured(
            "tls",
            certs,
            USER,
            PASSWORD,
            "--user",
            "reader",
            "on",
            ">reader-pass",
            "~*",
            "&*",
            "+@read",
            "+ping");
  }

  private static String url(String password, String params) {
    return "rediss://"
        + USER
        + ":"
        + URLEncoder.encode(password, StandardCharsets.UTF_8)
        + "@"
        + server.host()
        + ":"
        + server.port()
        + "/0?prefix="
        + "t"
        + Long.toString(new Random().nextLong() >>> 1, 36)
        + ":"
        + params;
  }

  @Test
  void savesGetsAndFindsOverTlsAsAnAclUser() {
    String url = url(PASSWORD, "&caFile=" + certs.caFile());
    try (CapturedLogs logs = CapturedLogs.start();
        Osmos osmos = Osmos.builder().driver("db", url).build()) {
      UserRepository users = new UserRepository(osmos);
      User ann =
          users.save(
              new User(
                  "ann",
                  "ann@example.org",
                  41,
                  true,
                  null,
                  List.of("a"),
                  Instant.parse("2026-01-02T03:04:05Z"),
                  0));
      assertEquals(1, ann.version());
      assertEquals(ann, users.get("ann").orElseThrow());
      assertEquals(List.of(ann), users.findAll(User_.email.eq("ann@example.org")));
      assertTrue(
          server.cli("KEYS", "*{users}:doc:ann").contains(":{users}:doc:ann"),
          "the document is on the TLS server");
      String shown =
          osmos.driver("db").toString()
              + " "
              + ((RedisDriver) osmos.driver("db")).options()
              + " "
              + RedisUrl.parse(url);
      assertFalse(shown.contains(PASSWORD), shown);
      assertFalse(shown.contains(URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)), shown);
      assertTrue(CapturedLogs.capturesSlf4j(), "the client's SLF4J logs are captured");
      logs.assertNotContains(PASSWORD);
      users.delete("ann");
    }
  }

  @Test
  void aTrustStoreWorksLikeACaFile() {
    String url =
        url(
            PASSWORD,
            "&trustStore=" + certs.trustStore("store-pass") + "&trustStorePassword=store-pass");
    try (Osmos osmos = Osmos.builder().driver("db", url).build()) {
      UserRepository users = new UserRepository(osmos);
      assertTrue(users.get("nobody").isEmpty());
      assertFalse(RedisUrl.parse(url).toString().contains("store-pass"));
    }
  }

  @Test
  void aWrongPasswordFailsAtBindNamingTheHostButNotThePassword() {
    OsmosException e = bindFails(url(WRONG, "&caFile=" + certs.caFile()), WRONG);
    assertTrue(e.getMessage().contains("authentication failed"), e.getMessage());
    assertTrue(e.getMessage().contains("user and password"), e.getMessage());
    assertTrue(e.getMessage().contains("rediss://app@127.0.0.1:" + server.port()), e.getMessage());
  }

  @Test
  void anUntrustedCertificateFailsAtBind() {
    OsmosException e = bindFails(url(PASSWORD, "&caFile=" + certs.otherCaFile()), PASSWORD);
    assertTrue(e.getMessage().contains("certificate is not trusted"), e.getMessage());
    assertTrue(e.getMessage().contains("caFile="), e.getMessage());
    assertTrue(e.getMessage().contains("127.0.0.1:" + server.port()), e.getMessage());
    // Without caFile the JDK's trust store is used, which does not hold the test's CA.
    OsmosException jdk = bindFails(url(PASSWORD, ""), PASSWORD);
    assertTrue(jdk.getMessage().contains("certificate is not trusted"), jdk.getMessage());
  }

  @Test
  void theCertificateMustNameTheHost() {
    TestCertificates other = TestCertificates.create("DNS:db.example.org");
    RedisTestServer named = RedisTestServer.secured("tls-named", other, USER, PASSWORD);
    String url =
        "rediss://"
            + USER
            + ":"
            + PASSWORD
                .replace("%", "%25")
                .replace("/", "%2F")
                .replace("@", "%40")
                .replace(":", "%3A")
            + "@127.0.0.1:"
            + named.port()
            + "?caFile="
            + other.caFile();
    OsmosException e = bindFails(url, PASSWORD);
    assertTrue(e.getMessage().contains("does not name the host"), e.getMessage());
    assertTrue(e.getMessage().contains("verifyHostname=false"), e.getMessage());
    try (Osmos osmos = Osmos.builder().driver("db", url + "&verifyHostname=false").build()) {
      assertTrue(
          new UserRepository(osmos).get("nobody").isEmpty(),
          "hostname verification off: the CA's signature is still checked, and suffices");
    }
  }

  @Test
  void noLoginFailsAtBindSayingHowToGiveOne() {
    String url = "rediss://127.0.0.1:" + server.port() + "?caFile=" + certs.caFile();
    OsmosException e = bindFails(url, PASSWORD);
    assertTrue(e.getMessage().contains("requires a login"), e.getMessage());
  }

  @Test
  void plainRedisOnATlsPortFailsAtBind() {
    String url = "redis://" + USER + ":" + WRONG + "@127.0.0.1:" + server.port();
    OsmosException e = bindFails(url, WRONG);
    assertTrue(e.getMessage().contains("connect with rediss://"), e.getMessage());
  }

  @Test
  void aServerThatIsNotUpYetDoesNotFailTheBind() {
    int port = io.osmos.testkit.server.TestServers.freePort();
    try (Osmos osmos = Osmos.builder().driver("db", "rediss://app:pw@127.0.0.1:" + port).build()) {
      UserRepository users = new UserRepository(osmos);
      OsmosException e = assertThrows(OsmosException.class, () -> users.get("ann"));
      assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
    }
  }

  @Test
  void tlsParametersNeedATlsScheme() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RedisUrl.parse("redis://u:pw-123@127.0.0.1:6379?caFile=/ca.pem"));
    assertTrue(e.getMessage().contains("use rediss://"), e.getMessage());
    assertFalse(e.getMessage().contains("pw-123"), e.getMessage());
    IllegalArgumentException cluster =
        assertThrows(
            IllegalArgumentException.class,
            () -> RedisUrl.parse("redis-cluster://u:pw-123@127.0.0.1:7000?caFile=/ca.pem"));
    assertTrue(cluster.getMessage().contains("use rediss-cluster://"), cluster.getMessage());
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () -> new RedisDriver("rediss://u:pw-123@127.0.0.1:6379?caFile=/no/such/ca.pem"));
    assertTrue(missing.getMessage().contains("/no/such/ca.pem"), missing.getMessage());
    assertFalse(missing.getMessage().contains("pw-123"), missing.getMessage());
    IllegalArgumentException badStore =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new RedisDriver(
                    "rediss://127.0.0.1:6379?trustStore="
                        + certs.trustStore("right-pass")
                        + "&trustStorePassword=wrong-store-pass"));
    assertTrue(badStore.getMessage().contains("trustStore"), badStore.getMessage());
    assertFalse(badStore.getMessage().contains("wrong-store-pass"), badStore.getMessage());
    RedisUrl parsed =
        RedisUrl.parse(
            "rediss-cluster://u:pw-123@10.0.0.1:7000,10.0.0.2:7000"
                + "?caFile=/ca.pem&verifyHostname=false");
    assertTrue(parsed.cluster());
    assertEquals("rediss-cluster://u@10.0.0.1:7000,10.0.0.2:7000", parsed.target());
    assertFalse(parsed.tls().verifyHostname());
    assertEquals("pw-123", parsed.password());
    assertFalse(parsed.toString().contains("pw-123"), parsed.toString());
    RedisUrl passwordOnly = RedisUrl.parse("redis://:only%40pass@127.0.0.1:6379/2");
    assertEquals(null, passwordOnly.user());
    assertEquals("only@pass", passwordOnly.password());
    assertEquals("redis://127.0.0.1:6379", passwordOnly.target());
    assertFalse(
        passwordOnly.clientUri().toString().contains("only"),
        "the client URI has no" + " login: " + passwordOnly.clientUri());
  }

  /**
   * Binds a repository through {@code url} and returns the failure, after checking that neither it
   * (message, causes, stack trace) nor any log line written meanwhile holds {@code secret}.
   */
  private static OsmosException bindFails(String url, String secret) {
    OsmosException e;
    try (CapturedLogs logs = CapturedLogs.start()) {
      Osmos osmos = Osmos.builder().driver("db", url).build();
      try {
        e = assertThrows(OsmosException.class, () -> new UserRepository(osmos));
        assertEquals("bind", e.operation(), e.getMessage());
      } finally {
        osmos.close();
      }
      logs.assertNotContains(secret);
      logs.assertNotContains(URLEncoder.encode(secret, StandardCharsets.UTF_8));
    }
    System.out.println("bind failed as it should: " + e.getMessage());
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    assertFalse(trace.toString().contains(secret), trace.toString());
    assertFalse(trace.toString().contains(URLEncoder.encode(secret, StandardCharsets.UTF_8)));
    return e;
  }
}
