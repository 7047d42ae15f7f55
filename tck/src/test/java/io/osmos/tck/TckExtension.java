package io.osmos.tck;

import io.osmos.Osmos;
import io.osmos.memory.MemoryDriver;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Runs the Jakarta Data TCK's standalone tests on Osmos: before each test it builds an Osmos
 * registry whose {@code default} driver is a fresh {@link MemoryDriver} and fills the test's
 * {@code @jakarta.inject.Inject} fields with {@code osmos.repository(type)}; after the test it
 * closes the registry.
 *
 * <p>It also measures. Each injected repository is seen through a view that notes every {@link
 * UnsupportedOperationException} one of its methods throws (the TCK's tests accept that exception
 * where a database cannot serve a query, and then pass without checking anything). A test is
 * counted as passed by executing, passed by declining (it passed and a repository threw {@code
 * UnsupportedOperationException} during it), failed (an assertion failed) or errored (any other
 * exception). The counts per test class go to {@code target/tck-results/<class>.txt}.
 *
 * <p>Registered by JUnit's extension auto-detection (a {@code META-INF/services} entry and {@code
 * junit.jupiter.extensions.autodetection.enabled=true}), so the TCK's sources need no change.
 */
public final class TckExtension
    implements BeforeEachCallback, AfterEachCallback, AfterAllCallback, TestWatcher {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(TckExtension.class);

  /** Declines noted per test, by the test's unique id. */
  private static final Map<String, List<String>> DECLINES = new ConcurrentHashMap<>();

  /** Outcomes per test class: class name to lines "outcome test detail". */
  private static final Map<String, List<String>> OUTCOMES = new ConcurrentHashMap<>();

  @Override
  public void beforeEach(ExtensionContext context) throws IllegalAccessException {
    Osmos osmos = Osmos.builder().driver("default", new MemoryDriver()).build();
    context.getStore(NAMESPACE).put("osmos", osmos);
    List<String> declines =
        DECLINES.computeIfAbsent(
            context.getUniqueId(), id -> java.util.Collections.synchronizedList(new ArrayList<>()));
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      for (Class<?> c = instance.getClass();
          c != null && c != Object.class;
          c = c.getSuperclass()) {
        for (Field f : c.getDeclaredFields()) {
          if (!f.isAnnotationPresent(Inject.class)) {
            continue;
          }
          if (Modifier.isStatic(f.getModifiers()) || !f.getType().isInterface()) {
            throw new ExtensionConfigurationException(
                "field "
                    + c.getName()
                    + "."
                    + f.getName()
                    + " is marked @Inject but is not an instance field of a repository interface"
                    + " type; the TCK's standalone mode injects repositories into instance fields");
          }
          f.setAccessible(true);
          f.set(instance, watched(f.getType(), osmos.repository(f.getType()), declines));
        }
      }
    }
  }

  /** {@code repository} seen through {@code type}, noting each UnsupportedOperationException. */
  private static Object watched(Class<?> type, Object repository, List<String> declines) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          try {
            return method.invoke(repository, args);
          } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UnsupportedOperationException) {
              declines.add(
                  type.getSimpleName() + "." + method.getName() + ": " + cause.getMessage());
            }
            throw cause;
          }
        };
    return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Osmos osmos = context.getStore(NAMESPACE).remove("osmos", Osmos.class);
    if (osmos != null) {
      osmos.close();
    }
  }

  @Override
  public void testSuccessful(ExtensionContext context) {
    List<String> declines = DECLINES.getOrDefault(context.getUniqueId(), List.of());
    if (declines.isEmpty()) {
      record(context, "EXECUTED", "");
    } else {
      record(context, "DECLINED", String.join(" | ", declines));
    }
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    String detail = cause.getClass().getName() + ": " + cause.getMessage();
    record(context, cause instanceof AssertionError ? "FAILED" : "ERRORED", detail);
  }

  @Override
  public void testAborted(ExtensionContext context, Throwable cause) {
    record(context, "ABORTED", String.valueOf(cause.getMessage()));
  }

  @Override
  public void testDisabled(ExtensionContext context, Optional<String> reason) {
    record(context, "DISABLED", reason.orElse(""));
  }

  private static void record(ExtensionContext context, String outcome, String detail) {
    String className = context.getRequiredTestClass().getName();
    OUTCOMES
        .computeIfAbsent(className, c -> java.util.Collections.synchronizedList(new ArrayList<>()))
        .add(
            outcome
                + "\t"
                + context.getRequiredTestMethod().getName()
                + "\t"
                + detail.replace('\n', ' '));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    // Watchers of the class's tests have all run by now.
    String className = context.getRequiredTestClass().getName();
    List<String> lines = new ArrayList<>(OUTCOMES.getOrDefault(className, List.of()));
    lines.sort(null);
    // A JUnit configuration parameter, or the system property of that name.
    Path dir =
        Path.of(context.getConfigurationParameter("tck.results").orElse("target/tck-results"));
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve(className + ".txt"), lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the TCK results of " + className, e);
    }
  }
}
