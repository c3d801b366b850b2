package dev.gamesessions.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;

import javax.sql.DataSource;

import dev.gamesessions.store.StoreException;
import org.jspecify.annotations.Nullable;

/**
 * The databases the JDBC stores support, each with its native conditional upserts and its
 * schema script.
 */
public enum JdbcDialect {

	/**
	 * H2 2.x: standard {@code MERGE … USING … WHEN MATCHED AND …} statements.
	 */
	H2("h2") {

		@Override
		String upsertUserData(String table) {
			return "MERGE INTO " + table + " t USING (VALUES (CAST(? AS VARCHAR(256)), CAST(? AS BIGINT), "
					+ "CAST(? AS CLOB), CAST(? AS TIMESTAMP(3)))) AS w (user_id, expected, data, updated_at) "
					+ "ON t.user_id = w.user_id "
					+ "WHEN MATCHED AND t.version = w.expected THEN UPDATE SET version = w.expected + 1, "
					+ "data = w.data, format = " + JSON_FORMAT + ", updated_at = w.updated_at "
					+ "WHEN NOT MATCHED AND w.expected = 0 THEN INSERT (user_id, version, data, format, updated_at) "
					+ "VALUES (w.user_id, 1, w.data, " + JSON_FORMAT + ", w.updated_at)";
		}

		@Override
		String upsertSessionValue(String table) {
			return "MERGE INTO " + table + " (session_id, name, encoded_value, expires_at) KEY (session_id, name) "
					+ "VALUES (?, ?, ?, ?)";
		}

	},

	/**
	 * PostgreSQL 9.5 and later: {@code INSERT … ON CONFLICT … DO UPDATE … WHERE}.
	 */
	POSTGRESQL("postgresql") {

		@Override
		String upsertUserData(String table) {
			return "INSERT INTO " + table + " AS t (user_id, version, data, format, updated_at) "
					+ "SELECT w.user_id, w.expected + 1, w.data, " + JSON_FORMAT + ", w.updated_at "
					+ "FROM (VALUES (CAST(? AS VARCHAR(256)), CAST(? AS BIGINT), CAST(? AS TEXT), "
					+ "CAST(? AS TIMESTAMP(3)))) AS w (user_id, expected, data, updated_at) "
					+ "WHERE w.expected = 0 OR EXISTS (SELECT 1 FROM " + table + " e WHERE e.user_id = w.user_id) "
					+ "ON CONFLICT (user_id) DO UPDATE SET version = EXCLUDED.version, data = EXCLUDED.data, "
					+ "format = EXCLUDED.format, updated_at = EXCLUDED.updated_at "
					+ "WHERE t.version = EXCLUDED.version - 1";
		}

		@Override
		String upsertUserDataBatch(String table) {
			// Updates and inserts apart: an update is one index probe and a row version, where
			// INSERT … ON CONFLICT needs a probe for the EXISTS guard and one for the conflict.
			return "WITH w AS (SELECT w.user_id, w.expected, w.data, CAST(? AS TIMESTAMP(3)) AS updated_at "
					+ "FROM unnest(CAST(? AS VARCHAR(256)[]), CAST(? AS BIGINT[]), CAST(? AS TEXT[])) "
					+ "AS w (user_id, expected, data)), "
					+ "updated AS (UPDATE " + table + " t SET version = w.expected + 1, data = w.data, format = "
					+ JSON_FORMAT + ", updated_at = w.updated_at FROM w "
					+ "WHERE t.user_id = w.user_id AND w.expected > 0 AND t.version = w.expected RETURNING t.user_id), "
					+ "inserted AS (INSERT INTO " + table + " (user_id, version, data, format, updated_at) "
					+ "SELECT w.user_id, 1, w.data, " + JSON_FORMAT + ", w.updated_at FROM w WHERE w.expected = 0 "
					+ "ON CONFLICT (user_id) DO NOTHING RETURNING user_id) "
					+ "SELECT user_id FROM updated UNION ALL SELECT user_id FROM inserted";
		}

		@Override
		String upsertSessionValue(String table) {
			return "INSERT INTO " + table + " (session_id, name, encoded_value, expires_at) VALUES (?, ?, ?, ?) "
					+ "ON CONFLICT (session_id, name) DO UPDATE SET encoded_value = EXCLUDED.encoded_value, "
					+ "expires_at = EXCLUDED.expires_at";
		}

	},

	/**
	 * MariaDB 10.3 and later, and MySQL 8: {@code INSERT … ON DUPLICATE KEY UPDATE} with
	 * {@code IF} expressions.
	 */
	MARIADB("mariadb") {

		@Override
		String upsertUserData(String table) {
			// Assignments run left to right: version is assigned last so that every IF
			// still compares the old version. MariaDB has no alias for the target table.
			String applies = table + ".version = w.expected";
			return "INSERT INTO " + table + " (user_id, version, data, format, updated_at) "
					+ "SELECT w.user_id, w.expected + 1, w.data, " + JSON_FORMAT + ", w.updated_at "
					+ "FROM (SELECT ? AS user_id, ? AS expected, ? AS data, ? AS updated_at) w "
					+ "WHERE w.expected = 0 OR EXISTS (SELECT 1 FROM " + table + " e WHERE e.user_id = w.user_id) "
					+ "ON DUPLICATE KEY UPDATE data = IF(" + applies + ", w.data, " + table + ".data), "
					+ "format = IF(" + applies + ", " + JSON_FORMAT + ", " + table + ".format), "
					+ "updated_at = IF(" + applies + ", w.updated_at, " + table + ".updated_at), "
					+ "version = IF(" + applies + ", w.expected + 1, " + table + ".version)";
		}

		@Override
		String upsertSessionValue(String table) {
			return "INSERT INTO " + table + " (session_id, name, encoded_value, expires_at) VALUES (?, ?, ?, ?) "
					+ "ON DUPLICATE KEY UPDATE encoded_value = VALUES(encoded_value), expires_at = VALUES(expires_at)";
		}

		@Override
		boolean isApplied(int updateCount) {
			// 2 is an update; 1 is an insert or, with "found rows" counting, a row that
			// matched but kept its values: only reading the row back tells them apart.
			return updateCount == 2;
		}

	};

	/** Value of the {@code format} column: the data is JSON text. */
	static final int JSON_FORMAT = 1;

	/**
	 * Failures after which a transaction is run again at once: deadlocks, serialization
	 * failures, and inserts of one new key racing. (Lock timeouts are not among them: the
	 * caller's backoff is the better wait.)
	 */
	private static final Set<String> RETRYABLE_SQL_STATES = Set.of("40001", "40P01", "23505", "90131");

	/** MariaDB and MySQL report a duplicate key as 23000 with this vendor code. */
	private static final int MYSQL_DUPLICATE_KEY = 1062;

	private final String id;

	JdbcDialect(String id) {
		this.id = id;
	}

	/**
	 * The dialect of a database product name as
	 * {@link java.sql.DatabaseMetaData#getDatabaseProductName()} reports it.
	 * @param productName the product name, such as {@code PostgreSQL} or {@code MariaDB}
	 * @return the dialect
	 * @throws IllegalArgumentException when the database is not supported
	 */
	public static JdbcDialect fromProductName(String productName) {
		String name = productName.toLowerCase(Locale.ROOT);
		if (name.contains("h2")) {
			return H2;
		}
		if (name.contains("postgresql")) {
			return POSTGRESQL;
		}
		if (name.contains("mariadb") || name.contains("mysql")) {
			return MARIADB;
		}
		throw new IllegalArgumentException("Unsupported database '" + productName
				+ "': the JDBC stores support H2, PostgreSQL, MariaDB and MySQL");
	}

	/**
	 * The dialect of the database behind a data source, from its metadata.
	 * @param dataSource the data source
	 * @return the dialect
	 * @throws StoreException when the database cannot be reached
	 * @throws IllegalArgumentException when the database is not supported
	 */
	public static JdbcDialect detect(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			return fromProductName(connection.getMetaData().getDatabaseProductName());
		}
		catch (SQLException ex) {
			throw JdbcExecutor.failure("detect the database dialect", ex);
		}
	}

	/**
	 * The classpath location of the schema script, whose {@code ${userTable}},
	 * {@code ${sessionTable}} and {@code ${sessionExpiresIndex}} placeholders
	 * {@link JdbcSchemaInitializer} replaces.
	 * @return the location, such as {@code dev/gamesessions/store/jdbc/schema-h2.sql}
	 */
	public String schemaLocation() {
		return "dev/gamesessions/store/jdbc/schema-" + this.id + ".sql";
	}

	/**
	 * A conditional upsert of one user's data, with the parameters user id, expected
	 * version, data and update time: it stores the data at the expected version plus one
	 * when the stored version is the expected one (0 meaning no row), and changes nothing
	 * otherwise.
	 */
	abstract String upsertUserData(String table);

	/**
	 * The conditional upsert of {@link #upsertUserData(String)} for a whole batch in one
	 * statement, with the parameters update time, then user ids, expected versions and data
	 * as three arrays of the same order; its result set holds the user ids of the writes it
	 * applied. {@code null} when the database has no such statement: the batch is then a
	 * JDBC batch of {@link #upsertUserData(String)}.
	 */
	@Nullable String upsertUserDataBatch(String table) {
		return null;
	}

	/**
	 * An upsert of one session value, with the parameters session id, name, encoded value
	 * and expiry.
	 */
	abstract String upsertSessionValue(String table);

	/**
	 * Whether an update count of {@link #upsertUserData(String)} proves that the write was
	 * applied. When it does not, the row is read back.
	 */
	boolean isApplied(int updateCount) {
		return updateCount == 1;
	}

	/**
	 * Whether a failure is a transient conflict between concurrent transactions (a
	 * deadlock, a lock timeout, or two inserts of one new key racing) after which running
	 * the whole transaction again is safe.
	 */
	static boolean isRetryable(SQLException ex) {
		for (@Nullable Throwable current = ex; current != null; current = next(current)) {
			if (current instanceof SQLException sqlException) {
				String state = sqlException.getSQLState();
				if (state != null && RETRYABLE_SQL_STATES.contains(state)
						|| sqlException.getErrorCode() == MYSQL_DUPLICATE_KEY) {
					return true;
				}
			}
		}
		return false;
	}

	private static @Nullable Throwable next(Throwable current) {
		if (current instanceof SQLException sqlException && sqlException.getNextException() != null) {
			return sqlException.getNextException();
		}
		return (current.getCause() != current) ? current.getCause() : null;
	}

}
