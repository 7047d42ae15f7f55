/**
 * DuckDB, embedded in the process, as an Osmos {@link io.osmos.spi.WarehouseService}: {@link
 * io.osmos.duckdb.DuckDbDriver}. The module's README shows the table layout, the type mapping and
 * how queries run.
 */
package io.osmos.duckdb;
