package dev.gamesessions.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import javax.sql.DataSource;

import dev.gamesessions.store.SessionDataStore;
import dev.gamesessions.store.StoreException;
import org.jspecify.annotations.Nullable;

/**
 * {@link SessionDataStore} in a table of a relational database: one row per session id and
 * value name, each with the session's expiry (see the {@code schema-*.sql} scripts and
 * {@link JdbcSchemaInitializer}). Expiry is kept by the store with the time of its
 * {@link Clock} (stored in UTC): expired rows are invisible at once and removed by
 * {@link #prune(Instant)}.
 * <p>
 * Every operation of more than one statement runs in one transaction.
 */
public final class JdbcSessionDataStore implements SessionDataStore {

	/**
	 * Default name of the session data table.
	 */
	public static final String DEFAULT_TABLE_NAME = "game_session_data";

	private final JdbcExecutor jdbc;

	private final String table;

	private final Clock clock;

	/**
	 * A store on the default table, with the dialect detected on first use and the system
	 * clock.
	 * @param dataSource the data source
	 */
	public JdbcSessionDataStore(DataSource dataSource) {
		this(dataSource, Clock.systemUTC());
	}

	/**
	 * A store on the default table, with the dialect detected on first use.
	 * @param dataSource the data source
	 * @param clock the clock that expiry is measured with
	 */
	public JdbcSessionDataStore(DataSource dataSource, Clock clock) {
		this(dataSource, null, DEFAULT_TABLE_NAME, clock);
	}

	/**
	 * A store on a table of a given name.
	 * @param dataSource the data source
	 * @param dialect the dialect, or {@code null} to detect it on first use
	 * @param tableName the table name, optionally qualified by a schema
	 * @param clock the clock that expiry is measured with
	 * @throws IllegalArgumentException when the table name is not a plain identifier
	 */
	public JdbcSessionDataStore(DataSource dataSource, @Nullable JdbcDialect dialect, String tableName, Clock clock) {
		this.jdbc = new JdbcExecutor(dataSource, dialect);
		this.table = TableName.validate("session data", tableName);
		this.clock = clock;
	}

	@Override
	public Optional<Map<String, String>> load(String sessionId, Duration ttl) {
		LocalDateTime now = now();
		LocalDateTime expiresAt = now.plus(ttl);
		String touch = "UPDATE " + this.table + " SET expires_at = ? WHERE session_id = ? AND expires_at > ?";
		String select = "SELECT name, encoded_value FROM " + this.table + " WHERE session_id = ? AND expires_at > ?";
		return this.jdbc.inTransaction("load session data", (connection) -> {
			if (update(connection, touch, expiresAt, sessionId, now) == 0) {
				return Optional.empty();
			}
			Map<String, String> values = new HashMap<>();
			try (PreparedStatement statement = connection.prepareStatement(select)) {
				statement.setString(1, sessionId);
				statement.setObject(2, now);
				try (ResultSet row = statement.executeQuery()) {
					while (row.next()) {
						values.put(row.getString(1), row.getString(2));
					}
				}
			}
			return values.isEmpty() ? Optional.empty() : Optional.of(Map.copyOf(values));
		});
	}

	@Override
	public void apply(String sessionId, Map<String, String> set, Set<String> removed, Duration ttl) {
		LocalDateTime now = now();
		LocalDateTime expiresAt = now.plus(ttl);
		String deleteExpired = "DELETE FROM " + this.table + " WHERE session_id = ? AND expires_at <= ?";
		String deleteName = "DELETE FROM " + this.table + " WHERE session_id = ? AND name = ?";
		String upsert = this.jdbc.dialect().upsertSessionValue(this.table);
		String touch = "UPDATE " + this.table + " SET expires_at = ? WHERE session_id = ?";
		// Sorted, so that concurrent transactions on one session lock rows in one order.
		Map<String, String> values = new TreeMap<>(set);
		Set<String> names = new TreeSet<>(removed);
		this.jdbc.inTransaction("apply session data", (connection) -> {
			update(connection, deleteExpired, sessionId, now);
			if (!names.isEmpty()) {
				try (PreparedStatement statement = connection.prepareStatement(deleteName)) {
					for (String name : names) {
						statement.setString(1, sessionId);
						statement.setString(2, name);
						statement.addBatch();
					}
					statement.executeBatch();
				}
			}
			if (!values.isEmpty()) {
				try (PreparedStatement statement = connection.prepareStatement(upsert)) {
					for (Map.Entry<String, String> value : values.entrySet()) {
						statement.setString(1, sessionId);
						statement.setString(2, value.getKey());
						statement.setString(3, value.getValue());
						statement.setObject(4, expiresAt);
						statement.addBatch();
					}
					statement.executeBatch();
				}
			}
			return update(connection, touch, expiresAt, sessionId);
		});
	}

	@Override
	public void delete(String sessionId) {
		String sql = "DELETE FROM " + this.table + " WHERE session_id = ?";
		this.jdbc.run("delete session data", (connection) -> update(connection, sql, sessionId));
	}

	@Override
	public void rename(String oldId, String newId, Duration ttl) {
		LocalDateTime now = now();
		String move = "UPDATE " + this.table + " SET session_id = ?, expires_at = ? WHERE session_id = ? "
				+ "AND expires_at > ?";
		String deleteRest = "DELETE FROM " + this.table + " WHERE session_id = ?";
		this.jdbc.inTransaction("rename session data", (connection) -> {
			update(connection, move, newId, now.plus(ttl), oldId, now);
			return update(connection, deleteRest, oldId);
		});
	}

	/**
	 * Removes expired rows with one {@code DELETE} on the indexed {@code expires_at}
	 * column; several nodes may run it at once. The count is of rows, one per stored value,
	 * so it is at least the number of sessions whose data was removed.
	 */
	@Override
	public int prune(Instant now) {
		String sql = "DELETE FROM " + this.table + " WHERE expires_at <= ?";
		return this.jdbc.run("prune session data", (connection) -> update(connection, sql, utc(now)));
	}

	/**
	 * The table this store uses.
	 * @return the table name
	 */
	public String tableName() {
		return this.table;
	}

	/**
	 * The dialect of the store's database, detecting it when it was not given.
	 * @return the dialect
	 * @throws StoreException when the dialect must be detected and the database cannot be
	 * reached
	 */
	public JdbcDialect dialect() {
		return this.jdbc.dialect();
	}

	private LocalDateTime now() {
		return utc(this.clock.instant());
	}

	private static LocalDateTime utc(Instant instant) {
		return LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
	}

	private static int update(Connection connection, String sql, Object... parameters) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				statement.setObject(i + 1, parameters[i]);
			}
			return statement.executeUpdate();
		}
	}

}
