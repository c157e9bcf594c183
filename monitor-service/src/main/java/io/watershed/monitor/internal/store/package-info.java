/**
 * The database: connection pool, schema migrations, jOOQ, transactions retried when they lose a
 * race, and what the stores share.
 */
package io.watershed.monitor.internal.store;
