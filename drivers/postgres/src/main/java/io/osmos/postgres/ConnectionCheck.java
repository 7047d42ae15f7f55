package io.osmos.postgres;

import io.osmos.exceptions.DriverException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The first connection of a driver made from a URL, opened directly (not through the pool) when the
 * first model is bound: a wrong password, a login the server refuses, or a TLS failure (untrusted
 * certificate, certificate for another host, no TLS on the server) fails the bind at once with a
 * message that names the server, the user and the problem, and says what to change. The pool would
 * only report a timeout after its connection timeout. Other failures (the server is not up yet) are
 * left to the pool, which keeps trying. No message holds the password: PostgreSQL and pgjdbc never
 * repeat it, and the target is written without it.
 */
final class ConnectionCheck {
  private final PostgresUrl url;
  private volatile boolean passed;

  ConnectionCheck(PostgresUrl url) {
    this.url = url;
  }

  /**
   * Connects once (until a connection succeeds).
   *
   * @throws DriverException for a refused login or a failed TLS handshake
   */
  void run() {
    if (passed) {
      return;
    }
    Properties props = new Properties();
    if (url.user() != null) {
      props.setProperty("user", url.user());
    }
    if (url.password() != null) {
      props.setProperty("password", url.password());
    }
    try (Connection c = new org.postgresql.Driver().connect(url.jdbcUrl(), props)) {
      passed = true;
    } catch (SQLException e) {
      String why = explain(e);
      if (why != null) {
        throw new DriverException("postgres: connecting to " + url.target() + " failed: " + why, e);
      }
      // Not a login or TLS problem: the pool reports it (or succeeds later).
    }
  }

  /** What a refused login or failed handshake means and how to fix it, or null. */
  String explain(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String message = firstLine(e.getMessage());
    String sslmode = url.jdbcOption("sslmode");
    String mode = sslmode == null ? "sslmode not set (prefer)" : "sslmode=" + sslmode;
    if (state.equals("28P01")) {
      return "password authentication failed for user '"
          + url.user()
          + "' ("
          + message
          + ", SQLSTATE 28P01); check the user and password of the URL"
          + " (postgresql://user:password@host/db, with @ : / % in the password percent-encoded)";
    }
    if (state.equals("28000") && message.contains("no encryption")) {
      return "the server accepts this login only over TLS ("
          + message
          + ", SQLSTATE 28000, "
          + mode
          + "); add sslmode=verify-full&sslrootcert=/path/to/ca.pem (or sslmode=require)";
    }
    if (state.startsWith("28")) {
      return "the server refused the login (" + message + ", SQLSTATE " + state + ")";
    }
    for (Throwable t : causes(e)) {
      if (t instanceof java.security.cert.CertPathValidatorException
          || t instanceof java.security.cert.CertPathBuilderException) {
        return "TLS: the server's certificate is not trusted ("
            + t.getMessage()
            + ", "
            + mode
            + "); give the CA that signed it with sslrootcert=/path/to/ca.pem (PEM)";
      }
    }
    String all = message;
    for (Throwable t : causes(e)) {
      all = all + " " + t.getMessage();
    }
    if (all.contains("could not be verified by hostnameverifier")) {
      return "TLS: the server's certificate does not name the host connected to ("
          + message
          + ", "
          + mode
          + "); connect by a name the certificate holds, or use sslmode=verify-ca"
          + " to check only that a trusted CA signed it";
    }
    if (all.contains("does not support SSL")) {
      return "TLS: the server does not offer TLS, but "
          + mode
          + " requires it ("
          + message
          + "); enable ssl on the server, or lower sslmode";
    }
    if (all.contains("SSL root certificate file")) {
      return "TLS: "
          + message
          + " ("
          + mode
          + "); give the CA's PEM file with"
          + " sslrootcert=/path/to/ca.pem";
    }
    for (Throwable t : causes(e)) {
      if (t instanceof javax.net.ssl.SSLException) {
        return "TLS handshake failed (" + firstLine(t.getMessage()) + ", " + mode + ")";
      }
    }
    return null;
  }

  private static List<Throwable> causes(Throwable e) {
    List<Throwable> out = new ArrayList<>();
    ArrayDeque<Throwable> todo = new ArrayDeque<>();
    todo.add(e);
    while (!todo.isEmpty() && out.size() < 64) {
      Throwable t = todo.poll();
      if (out.contains(t)) {
        continue;
      }
      out.add(t);
      if (t.getCause() != null) {
        todo.add(t.getCause());
      }
      todo.addAll(List.of(t.getSuppressed()));
    }
    return out;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "(no message)";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
