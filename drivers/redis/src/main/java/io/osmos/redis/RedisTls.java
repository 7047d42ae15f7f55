package io.osmos.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;

/**
 * The TLS settings of a {@code rediss://} or {@code rediss-cluster://} URL: whom to trust (the
 * JDK's trust store unless {@code caFile} or {@code trustStore} is given) and whether the server's
 * certificate must name the host connected to (on unless {@code verifyHostname=false}).
 *
 * @param caFile a PEM file of the CA certificates to trust, or null
 * @param trustStore a key store (PKCS#12 or JKS) of the certificates to trust, or null
 * @param trustStorePassword the trust store's password, or null
 * @param verifyHostname whether the certificate must name the host (HTTPS rules)
 */
record RedisTls(Path caFile, Path trustStore, String trustStorePassword, boolean verifyHostname) {
  /** The JDK's trust store, hostname verification on. */
  static final RedisTls DEFAULT = new RedisTls(null, null, null, true);

  /** The URL parameters that configure TLS. */
  static final java.util.Set<String> PARAMETERS =
      java.util.Set.of("caFile", "trustStore", "trustStorePassword", "verifyHostname");

  /** Whether {@code name} is one of the TLS parameters. */
  static boolean parameter(String name) {
    return PARAMETERS.contains(name);
  }

  /** This with URL parameter {@code name} set to {@code value}; {@code url} is for messages. */
  RedisTls with(String name, String value, String url) {
    switch (name) {
      case "caFile":
        return new RedisTls(Path.of(value), trustStore, trustStorePassword, verifyHostname);
      case "trustStore":
        return new RedisTls(caFile, Path.of(value), trustStorePassword, verifyHostname);
      case "trustStorePassword":
        return new RedisTls(caFile, trustStore, value, verifyHostname);
      case "verifyHostname":
        if (!value.equals("true") && !value.equals("false")) {
          throw new IllegalArgumentException(
              "redis URL '"
                  + url
                  + "' has verifyHostname="
                  + value
                  + "; expected true (the default) or false");
        }
        return new RedisTls(caFile, trustStore, trustStorePassword, value.equals("true"));
      default:
        throw new IllegalArgumentException("not a TLS parameter: " + name);
    }
  }

  /**
   * Sets {@code config} to connect with TLS under these settings.
   *
   * @throws IllegalArgumentException when a trust file cannot be read, naming it
   */
  void configure(DefaultJedisClientConfig.Builder config) {
    SSLParameters parameters = new SSLParameters();
    // HTTPS rules: the certificate's subject alternative names must include the host (a DNS
    // name or an IP address), as the URL names it.
    parameters.setEndpointIdentificationAlgorithm(verifyHostname ? "HTTPS" : null);
    config.ssl(true).sslSocketFactory(socketFactory()).sslParameters(parameters);
  }

  private SSLSocketFactory socketFactory() {
    if (caFile == null && trustStore == null) {
      return (SSLSocketFactory) SSLSocketFactory.getDefault();
    }
    try {
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      if (caFile != null) {
        addPem(trusted, caFile);
      }
      if (trustStore != null) {
        addStore(trusted, trustStore);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context.getSocketFactory();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  private static int addPem(KeyStore into, Path file) throws GeneralSecurityException {
    Collection<? extends Certificate> certs;
    try (InputStream in = Files.newInputStream(file)) {
      certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "redis caFile "
              + file
              + " cannot be read ("
              + e
              + "); expected a PEM file of CA certificates",
          e);
    } catch (java.security.cert.CertificateException e) {
      throw new IllegalArgumentException(
          "redis caFile "
              + file
              + " holds no readable"
              + " certificate ("
              + e.getMessage()
              + "); expected a PEM file of CA certificates",
          e);
    }
    if (certs.isEmpty()) {
      throw new IllegalArgumentException(
          "redis caFile "
              + file
              + " holds no certificate;"
              + " expected a PEM file of CA certificates (-----BEGIN CERTIFICATE-----)");
    }
    int i = 0;
    for (Certificate c : certs) {
      into.setCertificateEntry("ca-file-" + i++, c);
    }
    return i;
  }

  private int addStore(KeyStore into, Path file) throws GeneralSecurityException {
    KeyStore store;
    try {
      store =
          KeyStore.getInstance(
              file.toFile(), trustStorePassword == null ? null : trustStorePassword.toCharArray());
    } catch (IOException e) {
      // A wrong password shows as an IOException too; its message never holds the password.
      throw new IllegalArgumentException(
          "redis trustStore "
              + file
              + " cannot be read ("
              + e.getMessage()
              + "); expected a PKCS#12 or JKS key store and its"
              + " trustStorePassword",
          e);
    } catch (KeyStoreException e) {
      throw new IllegalArgumentException(
          "redis trustStore "
              + file
              + " is not a key store ("
              + e.getMessage()
              + "); expected a PKCS#12 or JKS file",
          e);
    }
    int n = 0;
    for (String alias : java.util.Collections.list(store.aliases())) {
      Certificate c = store.getCertificate(alias);
      if (c != null) {
        into.setCertificateEntry("trust-store-" + n++, c);
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException("redis trustStore " + file + " holds no certificate");
    }
    return n;
  }

  @Override
  public String toString() {
    return "RedisTls(caFile="
        + caFile
        + ", trustStore="
        + trustStore
        + (trustStorePassword == null ? "" : ", trustStorePassword=***")
        + ", verifyHostname="
        + verifyHostname
        + ")";
  }
}
