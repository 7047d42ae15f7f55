package io.osmos.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.Osmos;
import io.osmos.exceptions.OsmosException;
import io.osmos.postgres.model.Event;
import io.osmos.postgres.model.EventRepository;
import io.osmos.postgres.model.Event_;
import io.osmos.testkit.logging.CapturedLogs;
import io.osmos.testkit.server.PostgresTestServer;
import io.osmos.testkit.server.TestCertificates;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL cluster as managed databases run one: TLS with a certificate from a private CA the
 * test generates, and logins over TCP only with TLS and a scram-sha-256 password. The driver
 * connects with {@code sslmode=verify-full&sslrootcert=...}; a wrong password, a plain connection,
 * an untrusted certificate and a certificate for another host each fail when the repository is
 * bound, with an {@link OsmosException} naming the server and the problem, and no message, stack
 * trace, {@code toString} or log line holds the password.
 */
class PostgresTlsTest {
  /** Characters that need percent-encoding in a URL, to show the login is decoded. */
  private static final String PASSWORD = "pg/s3cret@x:y%z";

  private static final String WRONG = "not-the-pa55word";

  private static TestCertificates certs;
  private static PostgresTestServer server;

  @BeforeAll
  static void start() {
    certs = TestCertificates.create("DNS:localhost", "IP:127.0.0.1");
    server = PostgresTestServer.secured("tls", certs, PASSWORD);
  }

  private static String url(String password, String params) {
    return "postgresql://"
        + server.user()
        + ":"
        + URLEncoder.encode(password, StandardCharsets.UTF_8)
        + "@"
        + server.host()
        + ":"
        + server.port()
        + "/"
        + server.database()
        + "?schema=tls"
        + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36)
        + params;
  }

  @Test
  void savesGetsAndFindsOverVerifiedTlsWithAPassword() {
    String url = url(PASSWORD, "&sslmode=verify-full&sslrootcert=" + certs.caFile());
    try (CapturedLogs logs = CapturedLogs.start();
        Osmos osmos = Osmos.builder().driver("pg", url).build()) {
      EventRepository events = new EventRepository(osmos);
      Event e =
          events.save(
              new Event(
                  UUID.randomUUID(),
                  Instant.parse("2026-01-02T03:04:05Z"),
                  "tls",
                  1.5,
                  "over TLS"));
      assertEquals(e, events.get(e.id()).orElseThrow());
      assertEquals(List.of(e), events.findAll(Event_.name.eq("tls")));
      assertEquals(
          "t",
          server.psql("SELECT ssl FROM pg_stat_ssl WHERE pid <> pg_backend_pid()" + " LIMIT 1"),
          "the driver's connections are encrypted");
      String shown = osmos.driver("pg") + " " + PostgresUrl.parse(url);
      assertFalse(shown.contains(PASSWORD), shown);
      assertFalse(shown.contains(URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)), shown);
      assertTrue(CapturedLogs.capturesSlf4j(), "the pool's SLF4J logs are captured");
      logs.assertNotContains(PASSWORD);
      logs.assertNotContains(URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8));
    }
  }

  @Test
  void aWrongPasswordFailsAtBindNamingTheServerButNotThePassword() {
    OsmosException e =
        bindFails(url(WRONG, "&sslmode=verify-full&sslrootcert=" + certs.caFile()), WRONG);
    assertTrue(
        e.getMessage().contains("password authentication failed for user 'test'"), e.getMessage());
    assertTrue(
        e.getMessage().contains("postgresql://test@127.0.0.1:" + server.port() + "/postgres"),
        e.getMessage());
  }

  @Test
  void aLoginWithoutTlsIsRefusedAndTheMessageSaysToTurnItOn() {
    OsmosException e = bindFails(url(PASSWORD, "&sslmode=disable"), PASSWORD);
    assertTrue(e.getMessage().contains("only over TLS"), e.getMessage());
    assertTrue(e.getMessage().contains("sslmode=verify-full"), e.getMessage());
  }

  @Test
  void anUntrustedCertificateFailsAtBind() {
    OsmosException e =
        bindFails(url(PASSWORD, "&sslmode=verify-ca&sslrootcert=" + certs.otherCaFile()), PASSWORD);
    assertTrue(e.getMessage().contains("certificate is not trusted"), e.getMessage());
    assertTrue(e.getMessage().contains("sslrootcert="), e.getMessage());
    assertTrue(e.getMessage().contains("127.0.0.1:" + server.port()), e.getMessage());
  }

  @Test
  void verifyFullChecksTheHostAndVerifyCaDoesNot() {
    TestCertificates other = TestCertificates.create("DNS:db.example.org");
    PostgresTestServer named = PostgresTestServer.secured("tls-named", other, PASSWORD);
    String base =
        "postgresql://test:"
            + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)
            + "@127.0.0.1:"
            + named.port()
            + "/postgres?sslrootcert="
            + other.caFile();
    OsmosException e = bindFails(base + "&sslmode=verify-full", PASSWORD);
    assertTrue(e.getMessage().contains("does not name the host"), e.getMessage());
    assertTrue(e.getMessage().contains("sslmode=verify-ca"), e.getMessage());
    try (Osmos osmos = Osmos.builder().driver("pg", base + "&sslmode=verify-ca").build()) {
      assertTrue(new EventRepository(osmos).get(UUID.randomUUID()).isEmpty());
    }
  }

  @Test
  void requireEncryptsWithoutCheckingTheCertificate() {
    try (Osmos osmos = Osmos.builder().driver("pg", url(PASSWORD, "&sslmode=require")).build()) {
      assertTrue(new EventRepository(osmos).get(UUID.randomUUID()).isEmpty());
    }
  }

  @Test
  void sslPasswordsAreMaskedToo() {
    PostgresUrl u =
        PostgresUrl.parse(
            "postgresql://a:b-secret@h/db?sslmode=verify-full"
                + "&sslpassword=key-secret&sslrootcert=/ca.pem");
    assertFalse(u.toString().contains("key-secret"), u.toString());
    assertFalse(u.toString().contains("b-secret"), u.toString());
    assertEquals("postgresql://a@h/db", u.target());
    assertEquals("verify-full", u.jdbcOption("sslmode"));
    assertThrows(IllegalArgumentException.class, () -> PostgresUrl.parse("mysql://a:b@h/db"));
  }

  /**
   * Binds a repository through {@code url} and returns the failure, after checking that it came
   * quickly enough to be the bind's own check (not the pool's timeout), and that neither it
   * (message, causes, stack trace) nor any log line written meanwhile holds {@code secret}.
   */
  private static OsmosException bindFails(String url, String secret) {
    OsmosException e;
    try (CapturedLogs logs = CapturedLogs.start()) {
      PostgresDriver driver =
          PostgresDriver.builder().url(url).connectionTimeout(Duration.ofMinutes(10)).build();
      try (Osmos osmos = Osmos.builder().driver("pg", driver).build()) {
        // With a pool timeout of 10 minutes, only the bind's own check can end this test.
        e = assertThrows(OsmosException.class, () -> new EventRepository(osmos));
        assertEquals("bind", e.operation(), e.getMessage());
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
