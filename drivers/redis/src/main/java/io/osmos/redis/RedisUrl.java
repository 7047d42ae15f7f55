package io.osmos.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import io.osmos.spi.DeadLetterPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A driver URL: {@code redis://[user:password@]host[:port][/db][?prefix=app:]} or {@code
 * rediss://...} (TLS). The parameters {@code prefix}, {@code deadLetterAttempts} and {@code
 * deadLetterTopic} are the driver's; everything else goes to the client.
 *
 * @param deadLetter the dead-letter parameters given (possibly none)
 */
record RedisUrl(URI clientUri, String prefix, Map<String, String> deadLetter) {
  static RedisUrl parse(String url) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalArgumentException("not a redis URL: '" + url + "'; expected"
          + " redis://host:port[/db][?prefix=...]", e);
    }
    return parse(uri);
  }

  static RedisUrl parse(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("redis") && !scheme.equals("rediss")) {
      throw new IllegalArgumentException("not a redis URL: '" + uri + "'; the scheme must be"
          + " redis or rediss (TLS)");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("redis URL '" + uri + "' has no host; expected"
          + " redis://host:port[/db]");
    }
    String prefix = null;
    Map<String, String> deadLetter = new HashMap<>();
    List<String> rest = new ArrayList<>();
    if (uri.getRawQuery() != null) {
      for (String param : uri.getRawQuery().split("&", -1)) {
        int eq = param.indexOf('=');
        String name = eq < 0 ? param : param.substring(0, eq);
        if (param.startsWith("prefix=")) {
          prefix = URLDecoder.decode(param.substring(7), StandardCharsets.UTF_8);
        } else if (name.equals(DeadLetterPolicy.ATTEMPTS_PARAMETER)
            || name.equals(DeadLetterPolicy.TOPIC_PARAMETER)) {
          deadLetter.put(name, eq < 0 ? ""
              : URLDecoder.decode(param.substring(eq + 1), StandardCharsets.UTF_8));
        } else if (!param.isEmpty()) {
          rest.add(param);
        }
      }
    }
    try {
      URI client = new URI(uri.getScheme() + "://" + uri.getRawAuthority()
          + (uri.getRawPath() == null ? "" : uri.getRawPath())
          + (rest.isEmpty() ? "" : "?" + String.join("&", rest)));
      // Checked now, so a bad value fails where the URL is read.
      DeadLetterPolicy.DEFAULT.withParameters(deadLetter);
      return new RedisUrl(client, prefix, Map.copyOf(deadLetter));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a redis URL: '" + uri + "'", e);
    }
  }

  /** {@code options} with this URL's prefix and dead-letter parameters, where it has them. */
  RedisDriver.Options apply(RedisDriver.Options options) {
    RedisDriver.Options o = prefix == null ? options : options.keyPrefix(prefix);
    return deadLetter.isEmpty() ? o
        : o.deadLetter(o.deadLetter().withParameters(deadLetter));
  }

  @Override
  public String toString() {
    return "RedisUrl(" + clientUri.getScheme() + "://" + clientUri.getHost() + ":"
        + clientUri.getPort() + ", prefix=" + prefix + ")"; // no password in messages
  }
}
