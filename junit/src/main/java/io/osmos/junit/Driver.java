package io.osmos.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A driver the registry of an {@link OsmosTest} registers, under the name models bind to.
 *
 * <p>The URL given here is the default. The system property (or JUnit configuration parameter)
 * {@code osmos.driver.<name>} overrides it, and else the environment variable {@code
 * OSMOS_DRIVER_<NAME>} (the name upper-cased, characters other than letters and digits as {@code
 * _}): the same test class runs on Memory on a developer's machine and on Redis in CI with {@code
 * OSMOS_DRIVER_DB=redis://127.0.0.1:6379}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Repeatable(Drivers.class)
public @interface Driver {
  /** The name models and repositories bind to, e.g. {@code "db"}. */
  String name();

  /** The driver URL unless overridden, e.g. {@code redis://127.0.0.1:6379}. */
  String url() default "memory:";
}
