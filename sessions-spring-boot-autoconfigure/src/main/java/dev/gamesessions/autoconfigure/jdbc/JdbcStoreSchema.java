package dev.gamesessions.autoconfigure.jdbc;

import javax.sql.DataSource;

import dev.gamesessions.store.jdbc.JdbcDialect;
import dev.gamesessions.store.jdbc.JdbcSchemaInitializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.util.ClassUtils;

/**
 * The tables of the JDBC stores, created by {@link JdbcSchemaInitializer} as
 * {@code game.sessions.jdbc.initialize-schema} says, at most once, when the first store
 * bean is created: an application that brings both stores of its own gets no tables.
 */
final class JdbcStoreSchema {

	private static final Logger logger = LoggerFactory.getLogger(JdbcStoreSchema.class);

	private static final String EMBEDDED_DATABASE_CONNECTION = "org.springframework.boot.jdbc.EmbeddedDatabaseConnection";

	private final DataSource dataSource;

	private final DatabaseInitializationMode mode;

	private final @Nullable JdbcDialect dialect;

	private final String userTable;

	private final String sessionTable;

	private boolean initialized;

	JdbcStoreSchema(DataSource dataSource, GameSessionsJdbcProperties properties) {
		this.dataSource = dataSource;
		this.mode = properties.getInitializeSchema();
		this.dialect = properties.getDialect();
		this.userTable = properties.getUserTable();
		this.sessionTable = properties.getSessionTable();
	}

	/**
	 * Creates the tables that do not exist yet, unless the mode says otherwise; only the
	 * first call does anything.
	 */
	synchronized void initialize() {
		if (this.initialized) {
			return;
		}
		this.initialized = true;
		if (this.mode == DatabaseInitializationMode.NEVER
				|| this.mode == DatabaseInitializationMode.EMBEDDED && !isEmbedded()) {
			return;
		}
		JdbcSchemaInitializer.initialize(this.dataSource, this.dialect, this.userTable, this.sessionTable);
		logger.info("Game sessions: created the tables {} and {} where they did not exist", this.userTable,
				this.sessionTable);
	}

	private boolean isEmbedded() {
		// An application may define its DataSource without Spring Boot's JDBC support.
		if (!ClassUtils.isPresent(EMBEDDED_DATABASE_CONNECTION, JdbcStoreSchema.class.getClassLoader())) {
			logger.info("Game sessions: not creating the tables: telling an embedded database apart needs "
					+ "spring-boot-jdbc; set game.sessions.jdbc.initialize-schema=always to create them");
			return false;
		}
		return EmbeddedDatabaseConnection.isEmbedded(this.dataSource);
	}

}
