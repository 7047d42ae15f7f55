package io.osmos.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.osmos.Osmos;
import io.osmos.junit.fixtures.OrderRepository;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Mistakes in a test class are reported saying what is wrong and where. */
class ExtensionErrorsTest {
  @Launched
  @OsmosTest
  @Driver(name = "db")
  static class InjectsAStranger {
    @Inject String notARepository;

    @Test
    void test() {}
  }

  @Launched
  @OsmosTest
  @Driver(name = "db", url = "nosuch://host")
  static class UnknownScheme {
    @Test
    void test(Osmos osmos) {}
  }

  @Launched
  @OsmosTest
  @Driver(name = "db")
  static class StaticField {
    @Inject static OrderRepository orders;

    @Test
    void test() {}
  }

  @Launched
  @OsmosTest
  @Driver(name = "other")
  static class MissingDriver {
    @Test
    void test(OrderRepository orders) {}
  }

  private static String onlyFailure(Class<?> test) {
    TestRuns.Result run = TestRuns.run(Map.of(), test);
    assertEquals(List.of(), run.succeeded);
    assertEquals(1, run.failures.size(), run::failureText);
    return run.failures.get(0).getMessage();
  }

  @Test
  void aFieldOfAnotherType() {
    assertEquals(
        "field "
            + InjectsAStranger.class.getName()
            + ".notARepository: cannot inject"
            + " java.lang.String, which is neither Osmos nor a repository of the repository index;"
            + " repositories are indexed when the Osmos annotation processor compiles their model",
        onlyFailure(InjectsAStranger.class));
  }

  @Test
  void aUrlNoDriverUnderstandsNamesWhereItCameFrom() {
    String m = onlyFailure(UnknownScheme.class);
    assertTrue(
        m.startsWith(
            "cannot make the driver 'db' of test(Osmos) from @Driver(name ="
                + " \"db\")='nosuch://host': no driver for URL scheme 'nosuch'"),
        m);
  }

  @Test
  void aStaticField() {
    assertEquals(
        "field "
            + StaticField.class.getName()
            + ".orders is marked for injection but"
            + " is static; the registry exists per test: make it an instance field that is not final",
        onlyFailure(StaticField.class));
  }

  @Test
  void aRepositoryWhoseDriverIsNotDeclared() {
    String m = onlyFailure(MissingDriver.class);
    assertTrue(
        m.endsWith(
            ": cannot bind OrderRepository: Driver instance 'db' not found;"
                + " registered: [other]"),
        m);
  }
}
