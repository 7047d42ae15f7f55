package io.osmos.testkit.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway certificate authority and a server certificate it signed, made with {@code openssl}
 * for TLS tests, plus a second authority that signed nothing the servers use (a client that trusts
 * only it sees an untrusted certificate):
 *
 * <pre>{@code
 * TestCertificates certs = TestCertificates.create("DNS:localhost", "IP:127.0.0.1");
 * certs.caFile();        // PEM, what a client trusts
 * certs.serverCert();    // PEM, signed by the CA, naming the given subject alternative names
 * certs.serverKey();     // PEM, unencrypted
 * }</pre>
 *
 * Keys are 2048-bit RSA; certificates are valid for two days. Files live in a temporary directory
 * deleted when the JVM exits.
 */
public final class TestCertificates {
  private final Path dir;

  private TestCertificates(Path dir) {
    this.dir = dir;
  }

  /**
   * Makes a CA, a server certificate for {@code subjectAltNames} (e.g. {@code DNS:localhost},
   * {@code IP:127.0.0.1}) signed by it, and an unrelated second CA.
   *
   * @throws ServerUnavailableException when {@code openssl} is missing or fails
   */
  public static TestCertificates create(String... subjectAltNames) {
    if (subjectAltNames.length == 0) {
      throw new IllegalArgumentException(
          "a server certificate needs at least one subject"
              + " alternative name, e.g. DNS:localhost or IP:127.0.0.1");
    }
    Path openssl =
        TestServers.onPath("openssl")
            .orElseThrow(
                () ->
                    new ServerUnavailableException(
                        "openssl is not on the PATH; install the Debian package"
                            + " openssl (TLS tests generate their certificates with it)"));
    Path dir = TestServers.tempDir("certs");
    String bin = openssl.toString();
    for (String ca : List.of("ca", "other-ca")) {
      run(
          dir,
          bin,
          "req",
          "-x509",
          "-newkey",
          "rsa:2048",
          "-nodes",
          "-keyout",
          ca + ".key",
          "-out",
          ca + ".pem",
          "-days",
          "2",
          "-subj",
          "/CN=Osmos test " + ca,
          "-addext",
          "basicConstraints=critical,CA:TRUE",
          "-addext",
          "keyUsage=critical,keyCertSign,cRLSign");
    }
    run(
        dir,
        bin,
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=" + subjectAltNames[0].replaceFirst("^[A-Z]+:", ""));
    try {
      Files.writeString(
          dir.resolve("server.ext"),
          "basicConstraints=CA:FALSE\n"
              + "keyUsage=critical,digitalSignature,keyEncipherment\n"
              + "extendedKeyUsage=serverAuth,clientAuth\n" // cluster nodes present it to each other
              + "subjectAltName="
              + String.join(",", subjectAltNames)
              + "\n");
    } catch (IOException e) {
      throw new ServerUnavailableException("cannot write " + dir.resolve("server.ext"), e);
    }
    run(
        dir,
        bin,
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "2",
        "-extfile",
        "server.ext");
    return new TestCertificates(dir);
  }

  private static void run(Path dir, String... command) {
    Path log = dir.resolve("openssl.log");
    try {
      Process p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new ServerUnavailableException(
            "openssl did not finish within 60 s: " + String.join(" ", command));
      }
      if (p.exitValue() != 0) {
        throw new ServerUnavailableException(
            "openssl failed ("
                + String.join(" ", command)
                + "): "
                + Files.readString(log, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new ServerUnavailableException("cannot run openssl: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServerUnavailableException("interrupted while running openssl", e);
    }
  }

  /** The directory holding the files. */
  public Path dir() {
    return dir;
  }

  /** The CA certificate (PEM) that signed {@link #serverCert()}: what clients trust. */
  public Path caFile() {
    return dir.resolve("ca.pem");
  }

  /** A second CA certificate (PEM) that signed nothing the servers present. */
  public Path otherCaFile() {
    return dir.resolve("other-ca.pem");
  }

  /** The server's certificate (PEM). */
  public Path serverCert() {
    return dir.resolve("server.pem");
  }

  /** The server's private key (PEM, not encrypted). */
  public Path serverKey() {
    return dir.resolve("server.key");
  }

  /**
   * A PKCS#12 trust store holding the CA certificate, protected by {@code password}, written next
   * to the other files.
   */
  public Path trustStore(String password) {
    Path file = dir.resolve("truststore.p12");
    try (InputStream in = Files.newInputStream(caFile());
        OutputStream out = Files.newOutputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, c);
      }
      store.store(out, password.toCharArray());
      return file;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot write the trust store " + file, e);
    }
  }

  /** A TLS context that trusts the CA (for launchers that check a server is ready). */
  public SSLContext sslContext() {
    try (InputStream in = Files.newInputStream(caFile())) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      List<Certificate> certs =
          new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
      for (int i = 0; i < certs.size(); i++) {
        store.setCertificateEntry("ca-" + i, certs.get(i));
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the test CA " + caFile(), e);
    }
  }

  @Override
  public String toString() {
    return "TestCertificates(" + dir + ")";
  }
}
