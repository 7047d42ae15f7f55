package io.osmos.pubsub;

import io.osmos.spi.DeadLetterPolicy;
import io.osmos.spi.Driver;
import io.osmos.spi.DriverFactory;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Makes {@link PubSubDriver}s from {@code pubsub://project} URLs for {@code Osmos.driverFromUrl}
 * and {@code OSMOS_DRIVER_<NAME>} variables; found by {@link java.util.ServiceLoader}. Public only
 * because the service loader needs it.
 *
 * <p>Query parameters: {@code emulator=host:port} (plaintext, no credentials), {@code topicPrefix},
 * {@code subscriptionPrefix}, {@code subscriberId}, {@code handlerThreads}, {@code
 * maxOutstandingMessages}, {@code deadLetterAttempts}, {@code deadLetterTopic}; e.g. {@code
 * pubsub://test?emulator=127.0.0.1:8085&topicPrefix=app}.
 */
public final class PubSubDriverFactory implements DriverFactory {
  private static final Set<String> PARAMETERS =
      Set.of(
          "emulator",
          "topicPrefix",
          "subscriptionPrefix",
          "subscriberId",
          "handlerThreads",
          "maxOutstandingMessages",
          DeadLetterPolicy.ATTEMPTS_PARAMETER,
          DeadLetterPolicy.TOPIC_PARAMETER);

  /** For the service loader. */
  public PubSubDriverFactory() {}

  @Override
  public Set<String> schemes() {
    return Set.of("pubsub");
  }

  @Override
  public Driver create(URI url) {
    String project = url.getHost() != null ? url.getHost() : url.getAuthority();
    if (project == null || project.isBlank()) {
      throw new IllegalArgumentException(
          "a Pub/Sub URL names the project:"
              + " pubsub://<project>[?emulator=host:port], was "
              + url);
    }
    if (url.getPath() != null && !url.getPath().isEmpty() && !url.getPath().equals("/")) {
      throw new IllegalArgumentException(
          "a Pub/Sub URL has no path: pubsub://<project>" + "[?emulator=host:port], was " + url);
    }
    PubSubDriver.Builder b = PubSubDriver.builder(project);
    Map<String, String> deadLetter = new LinkedHashMap<>();
    for (Map.Entry<String, String> p : query(url).entrySet()) {
      String v = p.getValue();
      switch (p.getKey()) {
        case DeadLetterPolicy.ATTEMPTS_PARAMETER, DeadLetterPolicy.TOPIC_PARAMETER ->
            deadLetter.put(p.getKey(), v);
        case "emulator" -> b.emulatorHost(v);
        case "topicPrefix" -> b.topicPrefix(v);
        case "subscriptionPrefix" -> b.subscriptionPrefix(v);
        case "subscriberId" -> b.subscriberId(v);
        case "handlerThreads" -> b.handlerThreads(number(p.getKey(), v));
        case "maxOutstandingMessages" -> b.maxOutstandingMessages(number(p.getKey(), v));
        default ->
            throw new IllegalArgumentException(
                "unknown parameter '"
                    + p.getKey()
                    + "' in "
                    + url
                    + "; Pub/Sub URLs take "
                    + new java.util.TreeSet<>(PARAMETERS));
      }
    }
    if (!deadLetter.isEmpty()) {
      b.deadLetter(DeadLetterPolicy.DEFAULT.withParameters(deadLetter));
    }
    return b.build();
  }

  private static int number(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, was '" + value + "'");
    }
  }

  static Map<String, String> query(URI url) {
    Map<String, String> out = new LinkedHashMap<>();
    String q = url.getRawQuery();
    if (q == null || q.isEmpty()) {
      return out;
    }
    for (String pair : q.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "malformed parameter '" + pair + "' in " + url + "; write name=value");
      }
      String name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
      if (out.put(name, URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8))
          != null) {
        throw new IllegalArgumentException("parameter '" + name + "' given twice in " + url);
      }
    }
    return out;
  }
}
