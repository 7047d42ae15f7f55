/**
 * The PostgreSQL driver: {@link io.osmos.postgres.PostgresDriver} is a document store, message
 * queue, lookup service and warehouse in one; {@link io.osmos.postgres.PostgresDriverFactory} makes
 * it from {@code postgresql://} URLs. Everything else is package-private; the module's README
 * documents the tables it creates.
 */
package io.osmos.postgres;
