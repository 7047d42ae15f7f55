package io.osmos.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class of Osmos models: each test gets an {@link io.osmos.Osmos} registry with the {@link
 * Driver drivers} the class declares, its {@link Inject} fields and parameters of type {@code
 * Osmos} or of a generated repository filled, and a clean store.
 *
 * <pre>{@code
 * @OsmosTest
 * @Driver(name = "db")                       // memory: unless OSMOS_DRIVER_DB says otherwise
 * class OrderRepositoryTest {
 *   @Inject OrderRepository orders;
 *
 *   @Test
 *   void storesAnOrder() {
 *     orders.insert(new Order("o-1", "ann"));
 *     assertEquals(1, orders.count());
 *   }
 * }
 * }</pre>
 *
 * See {@link OsmosExtension} for what happens when, and for registering the extension
 * programmatically.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(OsmosExtension.class)
public @interface OsmosTest {
  /**
   * Whether each test gets its own registry (the default: tests may run in parallel and share
   * nothing) or the tests of the class share one, cleared between tests.
   */
  RegistryScope registry() default RegistryScope.PER_TEST;
}
