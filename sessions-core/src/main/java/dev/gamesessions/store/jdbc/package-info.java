/**
 * JDBC stores: user data and session data in two tables of a relational database (H2,
 * PostgreSQL, MariaDB or MySQL), written with dialect-native conditional upserts in
 * batches, with the schema scripts to create the tables.
 * <p>
 * Plain JDBC on a {@link javax.sql.DataSource}: no Spring dependency.
 */
@NullMarked
package dev.gamesessions.store.jdbc;

import org.jspecify.annotations.NullMarked;
