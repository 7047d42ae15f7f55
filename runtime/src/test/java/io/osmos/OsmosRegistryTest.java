package io.osmos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.exceptions.DriverNotFoundException;
import io.osmos.memory.MemoryDriver;
import io.osmos.spi.Driver;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OsmosRegistryTest {
  @Test
  void unknownNameListsTheRegisteredOnes() {
    Osmos osmos =
        Osmos.builder()
            .driver("db", new MemoryDriver())
            .driver("cache", new MemoryDriver())
            .build();
    DriverNotFoundException e =
        assertThrows(DriverNotFoundException.class, () -> osmos.driver("events"));
    assertEquals("Driver instance 'events' not found; registered: [cache, db]", e.getMessage());
  }

  @Test
  void aNameIsRegisteredOnce() {
    Osmos.Builder b = Osmos.builder().driver("db", new MemoryDriver());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> b.driver("db", new MemoryDriver()));
    assertTrue(e.getMessage().contains("'db'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> b.driver(" ", new MemoryDriver()));
  }

  @Test
  void memoryUrlsMakeMemoryDrivers() {
    assertInstanceOf(MemoryDriver.class, Osmos.driverFromUrl("memory:"));
    assertInstanceOf(MemoryDriver.class, Osmos.driverFromUrl(" memory:// "));
    assertInstanceOf(MemoryDriver.class, Osmos.driverFromUrl("MEMORY:anything"));
  }

  @Test
  void unknownSchemeNamesTheKnownOnes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Osmos.driverFromUrl("nosuchstore://127.0.0.1:1"));
    assertTrue(
        e.getMessage().contains("'nosuchstore'") && e.getMessage().contains("memory"),
        e.getMessage());
  }

  @Test
  void environmentRegistersDriversByLowerCaseName() {
    Osmos osmos =
        Osmos.builder()
            .fromEnvironment(
                Map.of(
                    "OSMOS_DRIVER_DB",
                    "memory:",
                    "OSMOS_DRIVER_CLICK_LOG",
                    "memory:",
                    "PATH",
                    "/bin",
                    "OSMOS_DRIVER_",
                    "memory:"))
            .driverIfAbsent(
                "db",
                n -> {
                  throw new AssertionError("db came from the environment");
                })
            .driverIfAbsent("other", n -> new MemoryDriver())
            .build();
    assertEquals(java.util.Set.of("db", "click_log", "other"), osmos.driverNames());
  }

  @Test
  void globalFacadeRegistersAndUnregisters() {
    Driver d = new MemoryDriver();
    Osmos.registerDriverInstance("osmos-registry-test", d);
    try {
      assertSame(d, Osmos.global().driver("osmos-registry-test"));
    } finally {
      assertSame(d, Osmos.unregisterDriverInstance("osmos-registry-test"));
    }
    assertThrows(DriverNotFoundException.class, () -> Osmos.global().driver("osmos-registry-test"));
  }

  @Test
  void urlErrorsNeverShowAPassword() {
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> Osmos.driverFromUrl("nosuchstore://app:hunter2@127.0.0.1:1/db?sslpassword=k3y"));
    assertTrue(
        unknown.getMessage().contains("nosuchstore://app:***@127.0.0.1:1/db"),
        unknown.getMessage());
    assertTrue(
        !unknown.getMessage().contains("hunter2") && !unknown.getMessage().contains("k3y"),
        unknown.getMessage());
    IllegalArgumentException malformed =
        assertThrows(
            IllegalArgumentException.class,
            () -> Osmos.driverFromUrl("memory://app:hunter 2@127.0.0.1/ x"));
    assertTrue(
        malformed.getMessage().startsWith("not a driver URL: 'memory://app:***@"),
        malformed.getMessage());
    assertTrue(!malformed.getMessage().contains("hunter"), malformed.getMessage());
  }
}
