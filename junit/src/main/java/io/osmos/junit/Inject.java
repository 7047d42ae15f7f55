package io.osmos.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field of a test instance that the {@link OsmosExtension} fills before each test: with the
 * test's {@link io.osmos.Osmos} registry, or with a repository of that registry (any type of the
 * repository index). {@code jakarta.inject.Inject} and {@code javax.inject.Inject} work the same.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Inject {}
