package io.osmos.spi;

import io.osmos.exceptions.LimitExceededException;

/**
 * Sizes a driver accepts, checked by repositories before anything is written (Beneath's limits).
 *
 * @param maxKeyBytes encoded key (order-preserving tuple bytes) of the key and of every index entry
 * @param maxRecordBytes one model as the driver stores it (JSON for document stores that keep JSON,
 *     the text of every field for those that keep one value per field), checked by the driver
 *     before it writes; repositories check each value a patch sets against it too
 * @param maxBatch models in one {@code saveAll}/{@code write}/{@code publishAll}
 * @param maxMessageBytes one published message
 * @param maxReadLimit models per page or cursor read
 * @param maxPartitions replay cursors per query
 */
public record DriverLimits(
    int maxKeyBytes,
    int maxRecordBytes,
    int maxBatch,
    int maxMessageBytes,
    int maxReadLimit,
    int maxPartitions) {

  /** Document-store defaults: 2 KiB keys, 16 MiB records, 10 000 per batch, 1 000 per page. */
  public static final DriverLimits DEFAULT =
      new DriverLimits(2048, 16 << 20, 10_000, 9_999_360, 1000, 32);

  /** Beneath's stream limits: 1 KiB keys, 8 KiB records (as JSON here), ~10 MB messages. */
  public static final DriverLimits STREAMS =
      new DriverLimits(1024, 8192 * 4, 10_000, 9_999_360, 1000, 32);

  /**
   * Checks the size of one model as the driver is about to store it.
   *
   * @param bytes its size in the driver's stored form
   * @param model the model's name, for the message
   * @throws LimitExceededException naming the limit when it is larger than {@link
   *     #maxRecordBytes()}
   */
  public void checkRecordBytes(long bytes, String model) {
    if (bytes > maxRecordBytes) {
      throw new LimitExceededException(
          "the "
              + model
              + " is "
              + bytes
              + " bytes as stored; the"
              + " driver's limit (maxRecordBytes) is "
              + maxRecordBytes
              + "; nothing was written");
    }
  }

  public DriverLimits {
    if (maxKeyBytes <= 0
        || maxRecordBytes <= 0
        || maxBatch <= 0
        || maxMessageBytes <= 0
        || maxReadLimit <= 0
        || maxPartitions <= 0) {
      throw new IllegalArgumentException("limits must be positive: " + this);
    }
  }
}
