package io.osmos.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A driver URL: {@code redis://[user:password@]host[:port][/db][?prefix=app:]} or {@code
 * rediss://...} (TLS). The {@code prefix} parameter is the driver's; everything else goes to the
 * client.
 */
record RedisUrl(URI clientUri, String prefix) {
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
    List<String> rest = new ArrayList<>();
    if (uri.getRawQuery() != null) {
      for (String param : uri.getRawQuery().split("&")) {
        if (param.startsWith("prefix=")) {
          prefix = URLDecoder.decode(param.substring(7), StandardCharsets.UTF_8);
        } else if (!param.isEmpty()) {
          rest.add(param);
        }
      }
    }
    try {
      URI client = new URI(uri.getScheme() + "://" + uri.getRawAuthority()
          + (uri.getRawPath() == null ? "" : uri.getRawPath())
          + (rest.isEmpty() ? "" : "?" + String.join("&", rest)));
      return new RedisUrl(client, prefix);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a redis URL: '" + uri + "'", e);
    }
  }

  /** {@code options} with this URL's prefix, if it has one. */
  RedisDriver.Options apply(RedisDriver.Options options) {
    return prefix == null ? options : options.keyPrefix(prefix);
  }

  @Override
  public String toString() {
    return "RedisUrl(" + clientUri.getScheme() + "://" + clientUri.getHost() + ":"
        + clientUri.getPort() + ", prefix=" + prefix + ")"; // no password in messages
  }
}
