package io.osmos.processor.model;

import io.osmos.annotations.Model;

/**
 * The attributes of {@code @Model}.
 *
 * @param bucket where the driver keeps the models
 * @param driver the registry name of the driver
 * @param kind document or stream
 * @param origin the annotation
 * @param bucketOrigin the {@code bucket} value
 * @param driverOrigin the {@code driver} value
 */
public record ModelSettings(
    String bucket,
    String driver,
    Model.Kind kind,
    Origin origin,
    Origin bucketOrigin,
    Origin driverOrigin) {}
