package io.osmos.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresUrlTest {
  @Test
  void postgresqlUrlBecomesJdbcUrlUserAndPassword() {
    PostgresUrl u =
        PostgresUrl.parse(
            "postgresql://app:s%40cr%3At@db.example:6543/shop"
                + "?sslmode=require&schema=tenant_1&poolSize=4");
    assertEquals("jdbc:postgresql://db.example:6543/shop?sslmode=require", u.jdbcUrl());
    assertEquals("app", u.user());
    assertEquals("s@cr:t", u.password());
    assertEquals(Map.of("schema", "tenant_1", "poolSize", "4"), u.options());
    assertFalse(u.toString().contains("s@cr:t"), "toString shows the password: " + u);
  }

  @Test
  void otherFormsAreAccepted() {
    assertEquals(
        "jdbc:postgresql://localhost/app", PostgresUrl.parse("postgres://localhost/app").jdbcUrl());
    PostgresUrl jdbc = PostgresUrl.parse("jdbc:postgresql://h:5/d?user=u&password=p&schema=s");
    assertEquals("jdbc:postgresql://h:5/d", jdbc.jdbcUrl());
    assertEquals("u", jdbc.user());
    assertEquals("p", jdbc.password());
    assertEquals(Map.of("schema", "s"), jdbc.options());
    PostgresUrl bare = PostgresUrl.parse("postgresql:///app");
    assertEquals("jdbc:postgresql://localhost/app", bare.jdbcUrl());
    assertNull(bare.user());
    assertEquals(
        "jdbc:postgresql://h1:5432,h2:5433/app?targetServerType=primary",
        PostgresUrl.parse("postgresql://u@h1:5432,h2:5433/app?targetServerType=primary").jdbcUrl(),
        "several hosts pass through");
  }

  @Test
  void otherSchemesAreRejectedWithoutShowingThePassword() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PostgresUrl.parse("mysql://root:hunter2@localhost/db"));
    assertTrue(e.getMessage().contains("postgresql://"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> PostgresUrl.parse(" "));
  }

  @Test
  void warehouseOptionsAreTheDriversAndThePasswordIsNeverShown() {
    PostgresUrl u =
        PostgresUrl.parse(
            "postgresql://app@db/shop?warehouseUser=reader"
                + "&warehousePassword=hunter2&warehouseTimeoutSeconds=60&sslmode=require");
    assertEquals("jdbc:postgresql://db/shop?sslmode=require", u.jdbcUrl());
    assertEquals(
        Map.of(
            "warehouseUser",
            "reader",
            "warehousePassword",
            "hunter2",
            "warehouseTimeoutSeconds",
            "60"),
        u.options());
    assertFalse(u.toString().contains("hunter2"), "toString shows the password: " + u);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PostgresUrl.parse("pg://db/shop?warehousePassword=hunter2&password=swordfish"));
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    assertFalse(e.getMessage().contains("swordfish"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new PostgresDriver("postgresql://localhost/db?warehouseTimeoutSeconds=0"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new PostgresDriver("postgresql://localhost/db?warehousePassword=x"),
        "a password without a user");
    assertThrows(
        IllegalArgumentException.class,
        () ->
            PostgresDriver.builder()
                .dataSource(new org.postgresql.ds.PGSimpleDataSource())
                .warehouseUser("reader", null)
                .build(),
        "the driver cannot make a second pool from a caller's data source");
  }

  @Test
  void badSchemaOrPoolSizeIsRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new PostgresDriver("postgresql://localhost/db?schema=bad%20name"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new PostgresDriver("postgresql://localhost/db?poolSize=many"));
  }
}
