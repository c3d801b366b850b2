package dev.gamesessions.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import dev.gamesessions.store.StoreException;
import org.jspecify.annotations.Nullable;

/**
 * Creates the tables of {@link JdbcUserDataStore} and {@link JdbcSessionDataStore} from the
 * dialect's schema script ({@link JdbcDialect#schemaLocation()}). Every statement is
 * {@code CREATE … IF NOT EXISTS}: running it again, or on several nodes at once, is
 * harmless.
 */
public final class JdbcSchemaInitializer {

	private static final int MAX_ATTEMPTS = 3;

	private JdbcSchemaInitializer() {
	}

	/**
	 * Creates the tables under their default names, detecting the dialect.
	 * @param dataSource the data source
	 * @throws StoreException when the database cannot be reached or refuses the script
	 */
	public static void initialize(DataSource dataSource) {
		initialize(dataSource, null, JdbcUserDataStore.DEFAULT_TABLE_NAME, JdbcSessionDataStore.DEFAULT_TABLE_NAME);
	}

	/**
	 * Creates the tables that do not exist yet.
	 * @param dataSource the data source
	 * @param dialect the dialect, or {@code null} to detect it
	 * @param userTable the user data table name, optionally qualified by a schema
	 * @param sessionTable the session data table name, optionally qualified by a schema
	 * @throws IllegalArgumentException when a table name is not a plain identifier
	 * @throws StoreException when the database cannot be reached or refuses the script
	 */
	public static void initialize(DataSource dataSource, @Nullable JdbcDialect dialect, String userTable,
			String sessionTable) {
		List<String> statements = statements((dialect != null) ? dialect : JdbcDialect.detect(dataSource), userTable,
				sessionTable);
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			if (!connection.getAutoCommit()) {
				connection.setAutoCommit(true);
			}
			for (String sql : statements) {
				execute(statement, sql);
			}
		}
		catch (SQLException ex) {
			throw JdbcExecutor.failure("initialize the schema", ex);
		}
	}

	private static void execute(Statement statement, String sql) throws SQLException {
		for (int attempt = 1;; attempt++) {
			try {
				statement.execute(sql);
				return;
			}
			catch (SQLException ex) {
				// Another node creating the same table or index at the same moment can make
				// "IF NOT EXISTS" fail (PostgreSQL's catalog race); once that node is done,
				// the statement finds the object and skips it.
				if (attempt >= MAX_ATTEMPTS) {
					throw ex;
				}
			}
		}
	}

	/**
	 * The statements of a dialect's schema script with the table names filled in, for
	 * applications that run them with their own migration tool.
	 * @param dialect the dialect
	 * @param userTable the user data table name, optionally qualified by a schema
	 * @param sessionTable the session data table name, optionally qualified by a schema
	 * @return the statements, in order, without terminating semicolons
	 * @throws IllegalArgumentException when a table name is not a plain identifier
	 */
	public static List<String> statements(JdbcDialect dialect, String userTable, String sessionTable) {
		TableName.validate("user data", userTable);
		TableName.validate("session data", sessionTable);
		String script = readScript(dialect.schemaLocation())
			.replace("${userTable}", userTable)
			.replace("${sessionTable}", sessionTable)
			.replace("${sessionExpiresIndex}", TableName.indexName(sessionTable, "_expires_idx"));
		StringBuilder withoutComments = new StringBuilder();
		for (String line : script.split("\n")) {
			if (!line.strip().startsWith("--")) {
				withoutComments.append(line).append('\n');
			}
		}
		List<String> statements = new ArrayList<>();
		for (String statement : withoutComments.toString().split(";")) {
			if (!statement.isBlank()) {
				statements.add(statement.strip());
			}
		}
		return statements;
	}

	private static String readScript(String location) {
		try (InputStream in = JdbcSchemaInitializer.class.getClassLoader().getResourceAsStream(location)) {
			if (in == null) {
				throw new IllegalStateException("Schema script " + location + " is missing from the classpath");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read schema script " + location, ex);
		}
	}

}
