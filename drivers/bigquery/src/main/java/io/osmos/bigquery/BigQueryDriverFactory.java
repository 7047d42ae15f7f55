package io.osmos.bigquery;

import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQueryOptions;
import io.osmos.spi.Driver;
import io.osmos.spi.DriverFactory;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Makes {@link BigQueryDriver}s from URLs {@code bigquery://PROJECT/DATASET}, with optional
 * parameters {@code location} (where the dataset and jobs live, e.g. {@code EU}) and {@code host}
 * (another endpoint, such as a local fake: {@code
 * bigquery://test/osmos?host=http://127.0.0.1:9050}; no credentials are sent to it). Without {@code
 * host} the application default credentials are used.
 */
public final class BigQueryDriverFactory implements DriverFactory {
  private static final Set<String> PARAMETERS = Set.of("host", "location");

  @Override
  public Set<String> schemes() {
    return Set.of("bigquery");
  }

  @Override
  public Driver create(URI url) {
    String project = url.getAuthority();
    String path = url.getPath() == null ? "" : url.getPath();
    String dataset = path.startsWith("/") ? path.substring(1) : path;
    if (project == null || project.isEmpty() || dataset.isEmpty() || dataset.contains("/")) {
      throw new IllegalArgumentException(
          "'"
              + url
              + "' is not a BigQuery URL; expected"
              + " bigquery://PROJECT/DATASET[?location=EU][&host=http://127.0.0.1:9050]");
    }
    Map<String, String> params = parameters(url);
    BigQueryOptions.Builder options = BigQueryOptions.newBuilder().setProjectId(project);
    if (params.containsKey("location")) {
      options.setLocation(params.get("location"));
    }
    if (params.containsKey("host")) {
      options.setHost(params.get("host")).setCredentials(NoCredentials.getInstance());
    }
    return new BigQueryDriver(options.build(), dataset);
  }

  private static Map<String, String> parameters(URI url) {
    Map<String, String> out = new LinkedHashMap<>();
    String query = url.getRawQuery();
    if (query == null || query.isEmpty()) {
      return out;
    }
    for (String pair : query.split("&", -1)) {
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (!PARAMETERS.contains(name)) {
        throw new IllegalArgumentException(
            "unknown parameter '"
                + name
                + "' in BigQuery URL '"
                + url
                + "'; known: "
                + new TreeSet<>(PARAMETERS));
      }
      out.put(name, value);
    }
    return out;
  }
}
