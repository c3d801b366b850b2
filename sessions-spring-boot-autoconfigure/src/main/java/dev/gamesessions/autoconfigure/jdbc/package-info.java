/**
 * Auto-configuration of the JDBC stores of game sessions, on the application's
 * {@link javax.sql.DataSource}.
 */
@NullMarked
package dev.gamesessions.autoconfigure.jdbc;

import org.jspecify.annotations.NullMarked;
