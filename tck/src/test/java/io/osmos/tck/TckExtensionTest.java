package io.osmos.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.osmos.tck.fixtures.HarnessFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** How TckExtension injects repositories and counts what each test did. */
class TckExtensionTest {
  @Test
  void countsEachOutcome(@TempDir Path results) throws Exception {
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(HarnessFixture.class))
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                .configurationParameter("tck.results", results.toString())
                .build());
    List<String> lines =
        Files.readAllLines(results.resolve(HarnessFixture.class.getName() + ".txt"));
    assertEquals(
        List.of(
            "DECLINED\tdeclines",
            "DECLINED\tdeclinesInsideAnAssertion",
            "ERRORED\terrs",
            "EXECUTED\texecutes",
            "FAILED\tfails"),
        lines.stream()
            .map(l -> l.substring(0, l.indexOf('\t', l.indexOf('\t') + 1)))
            .collect(Collectors.toList()));
    String declined = lines.get(0);
    assertEquals(
        true,
        declined.contains(
            "Gadgets.heavierThan: Osmos does not implement"
                + " Gadgets.heavierThan(): [osmos.query.unsupported]"),
        declined);
  }
}
