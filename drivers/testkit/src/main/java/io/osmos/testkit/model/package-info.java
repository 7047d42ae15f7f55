/**
 * The models the conformance suites store. They are compiled by the Osmos processor like any user's
 * models, so a driver is checked against real generated codecs and repositories.
 *
 * <p>Every model is bound to the driver name {@value io.osmos.testkit.model.TestModels#DRIVER}
 * (documents) or {@value io.osmos.testkit.model.TestModels#STREAMS} (stream records); each bucket
 * starts with {@code osmos_tk_} so the suites' data is easy to recognise on a shared server.
 */
package io.osmos.testkit.model;
