package dev.gamesessions.autoconfigure.jdbc;

import dev.gamesessions.store.jdbc.JdbcDialect;
import dev.gamesessions.store.jdbc.JdbcSessionDataStore;
import dev.gamesessions.store.jdbc.JdbcUserDataStore;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.sql.init.DatabaseInitializationMode;

/**
 * Configuration properties of the JDBC stores of game sessions.
 */
@ConfigurationProperties("game.sessions.jdbc")
public class GameSessionsJdbcProperties {

	/**
	 * When to create the store tables at startup: only on an embedded database, always, or never.
	 */
	private DatabaseInitializationMode initializeSchema = DatabaseInitializationMode.EMBEDDED;

	/**
	 * Name of the user data table, optionally qualified by a schema (schema.table).
	 */
	private String userTable = JdbcUserDataStore.DEFAULT_TABLE_NAME;

	/**
	 * Name of the session data table, optionally qualified by a schema (schema.table).
	 */
	private String sessionTable = JdbcSessionDataStore.DEFAULT_TABLE_NAME;

	/**
	 * SQL dialect of the database; detected from its product name when not set.
	 */
	private @Nullable JdbcDialect dialect;

	public DatabaseInitializationMode getInitializeSchema() {
		return this.initializeSchema;
	}

	public void setInitializeSchema(DatabaseInitializationMode initializeSchema) {
		this.initializeSchema = initializeSchema;
	}

	public String getUserTable() {
		return this.userTable;
	}

	public void setUserTable(String userTable) {
		this.userTable = userTable;
	}

	public String getSessionTable() {
		return this.sessionTable;
	}

	public void setSessionTable(String sessionTable) {
		this.sessionTable = sessionTable;
	}

	public @Nullable JdbcDialect getDialect() {
		return this.dialect;
	}

	public void setDialect(@Nullable JdbcDialect dialect) {
		this.dialect = dialect;
	}

}
