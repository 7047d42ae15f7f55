/**
 * Throwaway servers that driver tests start themselves: see {@link
 * io.osmos.testkit.server.TestServers}.
 */
package io.osmos.testkit.server;
