package dev.gamesessions.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import javax.sql.DataSource;

import dev.gamesessions.store.StoreException;
import dev.gamesessions.store.StoredUserData;
import dev.gamesessions.store.UserDataStore;
import dev.gamesessions.store.UserDataWrite;
import dev.gamesessions.store.WriteResult;
import org.jspecify.annotations.Nullable;

/**
 * {@link UserDataStore} in a table of a relational database, one row per user (see the
 * {@code schema-*.sql} scripts and {@link JdbcSchemaInitializer}).
 * <p>
 * {@link #saveAll(List)} sends the whole batch in one transaction: on PostgreSQL as one
 * statement whose parameters are arrays ({@code INSERT … SELECT … FROM unnest(…) … ON
 * CONFLICT … RETURNING user_id}), elsewhere as one JDBC batch of the dialect's conditional
 * upsert. Writes that the answer does not prove applied (a version conflict, an
 * idempotent retry, or any MariaDB insert) are resolved with one {@code SELECT … WHERE user_id IN (…)} in the same transaction. Rows
 * are written in user-id order so that concurrent batches lock them in the same order.
 */
public final class JdbcUserDataStore implements UserDataStore {

	/**
	 * Default name of the user data table.
	 */
	public static final String DEFAULT_TABLE_NAME = "game_user_data";

	/** Most user ids in one {@code IN} list of a read-back. */
	private static final int MAX_IN_LIST = 1000;

	private final JdbcExecutor jdbc;

	private final String table;

	private final Clock clock;

	/**
	 * A store on the default table, with the dialect detected on first use.
	 * @param dataSource the data source
	 */
	public JdbcUserDataStore(DataSource dataSource) {
		this(dataSource, null, DEFAULT_TABLE_NAME);
	}

	/**
	 * A store on a table of a given name.
	 * @param dataSource the data source
	 * @param dialect the dialect, or {@code null} to detect it on first use
	 * @param tableName the table name, optionally qualified by a schema
	 * @throws IllegalArgumentException when the table name is not a plain identifier
	 */
	public JdbcUserDataStore(DataSource dataSource, @Nullable JdbcDialect dialect, String tableName) {
		this(dataSource, dialect, tableName, Clock.systemUTC());
	}

	/**
	 * A store on a table of a given name, stamping rows with the time of a clock.
	 * @param dataSource the data source
	 * @param dialect the dialect, or {@code null} to detect it on first use
	 * @param tableName the table name, optionally qualified by a schema
	 * @param clock the clock of the {@code updated_at} column (stored in UTC)
	 * @throws IllegalArgumentException when the table name is not a plain identifier
	 */
	public JdbcUserDataStore(DataSource dataSource, @Nullable JdbcDialect dialect, String tableName, Clock clock) {
		this.jdbc = new JdbcExecutor(dataSource, dialect);
		this.table = TableName.validate("user data", tableName);
		this.clock = clock;
	}

	@Override
	public Optional<StoredUserData> load(String userId) {
		String sql = "SELECT version, data FROM " + this.table + " WHERE user_id = ?";
		return onUser("load user data", sql, userId, (statement) -> {
			try (ResultSet row = statement.executeQuery()) {
				return row.next() ? Optional.of(new StoredUserData(userId, row.getString(2), row.getLong(1)))
						: Optional.empty();
			}
		});
	}

	@Override
	public OptionalLong version(String userId) {
		String sql = "SELECT version FROM " + this.table + " WHERE user_id = ?";
		return onUser("read a user data version", sql, userId, (statement) -> {
			try (ResultSet row = statement.executeQuery()) {
				return row.next() ? OptionalLong.of(row.getLong(1)) : OptionalLong.empty();
			}
		});
	}

	@Override
	public List<WriteResult> saveAll(List<UserDataWrite> writes) {
		if (writes.isEmpty()) {
			return List.of();
		}
		List<UserDataWrite> ordered = new ArrayList<>(writes);
		ordered.sort(Comparator.comparing(UserDataWrite::userId));
		LocalDateTime updatedAt = LocalDateTime.ofInstant(this.clock.instant().truncatedTo(ChronoUnit.MILLIS),
				ZoneOffset.UTC);
		JdbcDialect dialect = this.jdbc.dialect();
		String batchUpsert = dialect.upsertUserDataBatch(this.table);
		String upsert = dialect.upsertUserData(this.table);
		Map<String, WriteResult> results = this.jdbc.inTransaction("save user data", (connection) -> {
			Map<String, WriteResult> outcomes = new HashMap<>();
			List<UserDataWrite> unresolved = (batchUpsert != null)
					? upsertInOneStatement(connection, batchUpsert, ordered, updatedAt, outcomes)
					: upsertAsJdbcBatch(connection, upsert, dialect, ordered, updatedAt, outcomes);
			resolve(connection, unresolved, outcomes);
			return outcomes;
		});
		return writes.stream().map((write) -> results.get(write.userId())).toList();
	}

	/**
	 * The whole batch as one statement whose parameters are arrays; the rows it answers are
	 * the writes it applied. Returns the writes it did not apply.
	 */
	private static List<UserDataWrite> upsertInOneStatement(Connection connection, String sql,
			List<UserDataWrite> ordered, LocalDateTime updatedAt, Map<String, WriteResult> outcomes)
			throws SQLException {
		int size = ordered.size();
		String[] userIds = new String[size];
		Long[] expectedVersions = new Long[size];
		String[] data = new String[size];
		for (int i = 0; i < size; i++) {
			UserDataWrite write = ordered.get(i);
			userIds[i] = write.userId();
			expectedVersions[i] = write.expectedVersion();
			data[i] = write.data();
		}
		Set<String> applied = new HashSet<>(size * 2);
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setObject(1, updatedAt);
			statement.setArray(2, connection.createArrayOf("varchar", userIds));
			statement.setArray(3, connection.createArrayOf("int8", expectedVersions));
			statement.setArray(4, connection.createArrayOf("text", data));
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					applied.add(rows.getString(1));
				}
			}
		}
		List<UserDataWrite> unresolved = new ArrayList<>();
		for (UserDataWrite write : ordered) {
			if (applied.contains(write.userId())) {
				outcomes.put(write.userId(), WriteResult.saved(write));
			}
			else {
				unresolved.add(write);
			}
		}
		return unresolved;
	}

	/**
	 * The batch as a JDBC batch of one upsert per write; a write whose update count proves
	 * it applied is saved. Returns the others.
	 */
	private static List<UserDataWrite> upsertAsJdbcBatch(Connection connection, String sql, JdbcDialect dialect,
			List<UserDataWrite> ordered, LocalDateTime updatedAt, Map<String, WriteResult> outcomes)
			throws SQLException {
		List<UserDataWrite> unresolved = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			for (UserDataWrite write : ordered) {
				statement.setString(1, write.userId());
				statement.setLong(2, write.expectedVersion());
				statement.setString(3, write.data());
				statement.setObject(4, updatedAt);
				statement.addBatch();
			}
			int[] counts = statement.executeBatch();
			for (int i = 0; i < ordered.size(); i++) {
				UserDataWrite write = ordered.get(i);
				if (counts.length == ordered.size() && dialect.isApplied(counts[i])) {
					outcomes.put(write.userId(), WriteResult.saved(write));
				}
				else {
					unresolved.add(write);
				}
			}
		}
		return unresolved;
	}

	/**
	 * Reads back the rows of writes whose update count did not prove them applied: a row
	 * holding exactly the write's data at its new version is the write (or an identical
	 * earlier attempt), anything else is a conflict with the stored version.
	 */
	private void resolve(Connection connection, List<UserDataWrite> unresolved, Map<String, WriteResult> outcomes)
			throws SQLException {
		for (int from = 0; from < unresolved.size(); from += MAX_IN_LIST) {
			List<UserDataWrite> chunk = unresolved.subList(from, Math.min(unresolved.size(), from + MAX_IN_LIST));
			Map<String, StoredUserData> stored = new HashMap<>();
			String sql = "SELECT user_id, version, data FROM " + this.table + " WHERE user_id IN ("
					+ "?, ".repeat(chunk.size() - 1) + "?)";
			try (PreparedStatement statement = connection.prepareStatement(sql)) {
				for (int i = 0; i < chunk.size(); i++) {
					statement.setString(i + 1, chunk.get(i).userId());
				}
				try (ResultSet row = statement.executeQuery()) {
					while (row.next()) {
						StoredUserData data = new StoredUserData(row.getString(1), row.getString(3), row.getLong(2));
						stored.put(data.userId(), data);
					}
				}
			}
			for (UserDataWrite write : chunk) {
				StoredUserData current = stored.get(write.userId());
				if (current == null) {
					outcomes.put(write.userId(), WriteResult.conflict(write, 0));
				}
				else if (current.version() == write.newVersion() && current.data().equals(write.data())) {
					outcomes.put(write.userId(), WriteResult.saved(write));
				}
				else {
					outcomes.put(write.userId(), WriteResult.conflict(write, current.version()));
				}
			}
		}
	}

	@Override
	public boolean delete(String userId) {
		String sql = "DELETE FROM " + this.table + " WHERE user_id = ?";
		return onUser("delete user data", sql, userId, (statement) -> statement.executeUpdate() > 0);
	}

	/**
	 * Runs one statement whose only parameter is a user id, in auto-commit mode.
	 */
	private <T> T onUser(String operation, String sql, String userId, UserStatement<T> action) {
		return this.jdbc.run(operation, (connection) -> {
			try (PreparedStatement statement = connection.prepareStatement(sql)) {
				statement.setString(1, userId);
				return action.execute(statement);
			}
		});
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

	@FunctionalInterface
	private interface UserStatement<T> {

		T execute(PreparedStatement statement) throws SQLException;

	}

}
