/**
 * The Osmos conformance kit: abstract JUnit 5 suites, one per driver capability, that every driver
 * module runs against a real server (or official emulator) started by its own tests.
 *
 * <ul>
 *   <li>{@link io.osmos.testkit.DocumentStoreConformance}: keyed documents, versions, patches,
 *       validation, indexes, cursor paging, hooks, decoding, keys of any content, type limits;
 *   <li>{@link io.osmos.testkit.ChangeFeedConformance}: the writes of a bucket delivered in order
 *       to every subscriber, without backlog, redelivery and skipping, close;
 *   <li>{@link io.osmos.testkit.MessageQueueConformance}: at-least-once delivery, dead letters,
 *       competing consumers, ephemeral subscriptions, size limit, close;
 *   <li>{@link io.osmos.testkit.LookupServiceConformance}: log offsets, last writer wins, index
 *       range reads, replay, change and peek cursors;
 *   <li>{@link io.osmos.testkit.WarehouseServiceConformance}: being written.
 * </ul>
 *
 * A driver module extends a suite in its test tree and supplies the driver:
 *
 * <pre>{@code
 * class PostgresDocumentStoreConformanceTest extends DocumentStoreConformance {
 *   @Override
 *   protected Driver newDriver() {
 *     return new PostgresDriver(TestPostgres.dataSource());
 *   }
 *
 *   @Override
 *   protected <T, K> void putRawDocument(ModelSchema<T, K> m, K key, Map<String, Object> doc) {
 *     TestPostgres.upsertJson(m.bucket(), key, doc); // the driver's own table layout
 *   }
 * }
 * }</pre>
 *
 * The suites' models are in {@link io.osmos.testkit.model}; throwaway servers in {@link
 * io.osmos.testkit.server}.
 */
package io.osmos.testkit;
