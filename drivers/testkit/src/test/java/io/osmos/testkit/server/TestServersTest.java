package io.osmos.testkit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class TestServersTest {
  @Test
  void freePortCanBeBoundOnLoopback() throws Exception {
    int port = TestServers.freePort();
    assertTrue(port > 0 && port < 65536, "port " + port);
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertEquals(port, s.getLocalPort());
    }
  }

  @Test
  void awaitPortReturnsOnceTheServerListens() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      TestServers.awaitPort("an in-process socket", s.getLocalPort(), Duration.ofSeconds(5));
    }
  }

  @Test
  void awaitPortGivesUpWithAMessage() {
    int port = TestServers.freePort();
    ServerUnavailableException e =
        assertThrows(
            ServerUnavailableException.class,
            () -> TestServers.awaitPort("nothing", port, Duration.ofMillis(200)));
    assertTrue(
        e.getMessage().contains("nothing did not accept connections on 127.0.0.1:" + port),
        e.getMessage());
  }

  @Test
  void processThatExitsEarlyIsReportedWithItsLog() {
    Path dir = TestServers.tempDir("early-exit");
    ServerProcess p =
        TestServers.start(
            "failing-server",
            List.of("sh", "-c", "echo 'cannot bind: address in use' >&2; exit 3"),
            dir,
            Map.of());
    ServerUnavailableException e =
        assertThrows(
            ServerUnavailableException.class,
            () -> p.awaitPort(TestServers.freePort(), Duration.ofSeconds(30)));
    assertTrue(e.getMessage().contains("failing-server exited with status 3"), e.getMessage());
    assertTrue(e.getMessage().contains("cannot bind: address in use"), e.getMessage());
    assertTrue(Files.exists(p.log()));
  }

  @Test
  void stopEndsTheProcessAndItsChildren() throws Exception {
    Path dir = TestServers.tempDir("stop");
    ServerProcess p =
        TestServers.start(
            "sleeper",
            List.of("sh", "-c", "sleep 60 & echo started; wait"),
            dir,
            Map.of("EXTRA", "1"));
    assertTrue(p.isAlive());
    long child = waitForChild(p);
    p.stop();
    assertFalse(p.isAlive(), "the server is still running");
    assertFalse(
        ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false),
        "its child is still running");
  }

  @Test
  void missingCommandIsReported() {
    ServerUnavailableException e =
        assertThrows(
            ServerUnavailableException.class,
            () ->
                TestServers.start(
                    "ghost",
                    List.of("/nonexistent/osmos-ghost-server"),
                    TestServers.tempDir("ghost"),
                    Map.of()));
    assertTrue(e.getMessage().contains("cannot start ghost"), e.getMessage());
  }

  @Test
  void onPathFindsExecutables() {
    assertTrue(TestServers.onPath("sh").isPresent());
    assertFalse(TestServers.onPath("osmos-no-such-command-here").isPresent());
  }

  @Test
  void serverIsStartedOncePerBackend() {
    AtomicInteger starts = new AtomicInteger();
    Object first =
        TestServers.requireOrSkip("once", () -> "server-" + starts.incrementAndGet(), Map.of());
    Object second =
        TestServers.requireOrSkip("once", () -> "server-" + starts.incrementAndGet(), Map.of());
    assertSame(first, second);
    assertEquals(1, starts.get());
  }

  @Test
  void unavailableServerIsSkippedOutsideCi() {
    TestAbortedException e =
        assertThrows(
            TestAbortedException.class,
            () ->
                TestServers.requireOrSkip(
                    "skipped-backend",
                    () -> {
                      throw new ServerUnavailableException("redis-server is not on the PATH");
                    },
                    Map.of()));
    assertTrue(e.getMessage().contains("redis-server is not on the PATH"), e.getMessage());
  }

  @Test
  void unavailableServerFailsUnderCi() {
    AssertionFailedError e =
        assertThrows(
            AssertionFailedError.class,
            () ->
                TestServers.requireOrSkip(
                    "required-backend",
                    () -> {
                      throw new ServerUnavailableException(
                          "initdb is not on the PATH; install postgresql");
                    },
                    Map.of("CI", "true")));
    assertTrue(
        e.getMessage().contains("required-backend test server is required (CI=true)"),
        e.getMessage());
    assertTrue(e.getMessage().contains("initdb is not on the PATH"), e.getMessage());
    // Remembered: the next test class that asks fails the same way without trying again.
    assertThrows(
        AssertionFailedError.class,
        () ->
            TestServers.requireOrSkip(
                "required-backend", () -> "would start now", Map.of("CI", "true")));
  }

  private static long waitForChild(ServerProcess p) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      List<ProcessHandle> children = ProcessHandle.of(p.pid()).orElseThrow().children().toList();
      if (!children.isEmpty()) {
        return children.get(0).pid();
      }
      Thread.sleep(10);
    }
    throw new AssertionError("the shell did not start its child");
  }
}
