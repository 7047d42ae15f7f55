/**
 * Log capture for tests: {@link io.osmos.testkit.logging.CapturedLogs} collects every line of
 * {@code java.util.logging} and SLF4J (through {@link
 * io.osmos.testkit.logging.CapturingSlf4jProvider}) so a test can show that no secret is logged.
 */
package io.osmos.testkit.logging;
