package io.osmos.spi;

import java.time.Instant;

/**
 * A record read from a lookup service.
 *
 * @param offset its offset in the log (-1 when read from an index that does not keep offsets)
 * @param timestamp its {@code @Timestamp}
 * @param value the model
 */
public record LogRecord<T>(long offset, Instant timestamp, T value) {}
