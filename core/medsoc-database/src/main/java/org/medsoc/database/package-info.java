/**
 * The relational store of medsoc: an embedded H2 file database in the data directory by default, PostgreSQL by
 * configuration. Each module owns its schema as Flyway migrations under {@code db/migration/<module>} with its own
 * history table, written in the SQL both databases accept (H2 runs in PostgreSQL mode).
 */
@NullMarked
package org.medsoc.database;

import org.jspecify.annotations.NullMarked;
