/** Real databases for tests: a fresh H2 file database or a fresh database on one embedded PostgreSQL server. */
@NullMarked
package org.medsoc.testing.database;

import org.jspecify.annotations.NullMarked;
