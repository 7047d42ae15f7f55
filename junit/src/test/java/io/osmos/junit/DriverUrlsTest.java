package io.osmos.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where a declared driver's URL comes from. */
class DriverUrlsTest {
  private static final Map<String, String> ENV =
      Map.of("OSMOS_DRIVER_DB", "redis://127.0.0.1:6379", "OSMOS_DRIVER_ORDER_EVENTS", "memory:");

  @Test
  void theDeclarationUnlessOverridden() {
    DriverUrls.Resolved r = DriverUrls.resolve("cache", "memory:", k -> Optional.empty(), ENV);
    assertEquals("memory:", r.url());
    assertTrue(r.inProcess());
    assertEquals("@Driver(name = \"cache\")='memory:'", r.toString());
  }

  @Test
  void theEnvironmentOverridesTheDeclaration() {
    DriverUrls.Resolved r = DriverUrls.resolve("db", "memory:", k -> Optional.empty(), ENV);
    assertEquals(new DriverUrls.Resolved("redis://127.0.0.1:6379", "OSMOS_DRIVER_DB"), r);
    assertFalse(r.inProcess());
    assertEquals(
        "memory:",
        DriverUrls.resolve("order-events", "redis://x", k -> Optional.empty(), ENV).url());
  }

  @Test
  void aSystemPropertyOrConfigurationParameterOverridesTheEnvironment() {
    DriverUrls.Resolved r =
        DriverUrls.resolve(
            "db",
            "memory:",
            k ->
                k.equals("osmos.driver.db")
                    ? Optional.of(" redis://10.0.0.1:6379 ")
                    : Optional.empty(),
            ENV);
    assertEquals(new DriverUrls.Resolved("redis://10.0.0.1:6379", "osmos.driver.db"), r);
  }

  @Test
  void blankOverridesAreIgnored() {
    assertEquals(
        "memory:",
        DriverUrls.resolve("db", "memory:", k -> Optional.of(" "), Map.of("OSMOS_DRIVER_DB", ""))
            .url());
  }

  @Test
  void variableNames() {
    assertEquals("OSMOS_DRIVER_DB", DriverUrls.variable("db"));
    assertEquals("OSMOS_DRIVER_ORDER_EVENTS", DriverUrls.variable("order-events"));
    assertEquals("OSMOS_DRIVER_A_B", DriverUrls.variable("a.b"));
  }

  @Test
  void passwordsNeverAppearInMessages() {
    DriverUrls.Resolved r =
        new DriverUrls.Resolved("redis://app:s3cret@cache:6379/0", "OSMOS_DRIVER_DB");
    assertEquals("OSMOS_DRIVER_DB='redis://app:***@cache:6379/0'", r.toString());
    assertEquals("redis://cache:6379", DriverUrls.redact("redis://cache:6379"));
  }
}
