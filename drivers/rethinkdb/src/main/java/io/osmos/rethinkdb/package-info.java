/**
 * The RethinkDB driver of Osmos: {@link io.osmos.rethinkdb.RethinkDriver}, a document store whose
 * buckets are tables and whose change feeds are ephemeral message subscriptions. Registered for
 * {@code rethinkdb://} URLs by {@link io.osmos.rethinkdb.RethinkDriverFactory}.
 */
package io.osmos.rethinkdb;
