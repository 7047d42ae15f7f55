/**
 * The RethinkDB driver of Osmos: {@link io.osmos.rethinkdb.RethinkDriver}, a document store whose
 * buckets are tables, with a change feed of each table's writes. Registered for {@code
 * rethinkdb://} URLs by {@link io.osmos.rethinkdb.RethinkDriverFactory}.
 */
package io.osmos.rethinkdb;
