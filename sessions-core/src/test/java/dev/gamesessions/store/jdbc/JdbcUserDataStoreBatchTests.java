package dev.gamesessions.store.jdbc;

import java.util.ArrayList;
import java.util.List;

import dev.gamesessions.store.UserDataWrite;
import dev.gamesessions.store.WriteResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch of user data writes costs one connection, one transaction and one upsert (on
 * PostgreSQL one statement with arrays, elsewhere one JDBC batch), plus at most one
 * read-back query, whatever its size.
 */
class JdbcUserDataStoreBatchTests {

	private static final int USERS = 50;

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void batchOfNewUsersIsOneUpsertInOneTransaction(TestDatabase database) {
		try (TestTables tables = database.createTables()) {
			CountingDataSource counting = new CountingDataSource(tables.dataSource());
			JdbcUserDataStore store = countedStore(tables, counting);
			List<WriteResult> results = store.saveAll(writes("new", 0));
			assertThat(results).hasSize(USERS).allMatch((result) -> result.status() == WriteResult.Status.SAVED);
			// MariaDB counts an insert like an unchanged row, so new rows are read back.
			assertOneTransactionWithOneUpsert(database, counting, (database == TestDatabase.MARIADB) ? 1 : 0);
		}
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void batchOfUpdatesWithConflictsIsOneUpsertAndOneReadBack(TestDatabase database) {
		try (TestTables tables = database.createTables()) {
			CountingDataSource counting = new CountingDataSource(tables.dataSource());
			JdbcUserDataStore store = countedStore(tables, counting);
			store.saveAll(writes("user", 0));
			List<UserDataWrite> updates = new ArrayList<>(writes("user", 1));
			for (int i = 0; i < 5; i++) {
				UserDataWrite stale = updates.get(i * 10);
				updates.set(i * 10, new UserDataWrite(stale.userId(), "{\"stale\":true}", 0));
			}
			counting.reset();
			List<WriteResult> results = store.saveAll(updates);
			assertThat(results).filteredOn((result) -> result.status() == WriteResult.Status.CONFLICT)
				.hasSize(5)
				.allMatch((result) -> result.storedVersion() == 1);
			assertThat(results).filteredOn((result) -> result.status() == WriteResult.Status.SAVED)
				.hasSize(USERS - 5)
				.allMatch((result) -> result.storedVersion() == 2);
			assertOneTransactionWithOneUpsert(database, counting, 1);
			// The pool's isolation level was read by the first batch; PostgreSQL's driver would
			// ask the server again.
			assertThat(counting.count("getTransactionIsolation")).isZero();
		}
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void emptyBatchBorrowsNoConnection(TestDatabase database) {
		try (TestTables tables = database.createTables()) {
			CountingDataSource counting = new CountingDataSource(tables.dataSource());
			JdbcUserDataStore store = countedStore(tables, counting);
			assertThat(store.saveAll(List.of())).isEmpty();
			assertThat(counting.count("getConnection")).isZero();
		}
	}

	private static JdbcUserDataStore countedStore(TestTables tables, CountingDataSource counting) {
		return new JdbcUserDataStore(counting.dataSource(), tables.database().dialect(), tables.userTable());
	}

	/**
	 * One connection, one commit, the upsert (PostgreSQL: one query with arrays, answering
	 * the applied writes; elsewhere: one JDBC batch) and {@code readBacks} queries.
	 */
	private static void assertOneTransactionWithOneUpsert(TestDatabase database, CountingDataSource counting,
			int readBacks) {
		boolean arrays = database == TestDatabase.POSTGRESQL;
		assertThat(counting.count("getConnection")).isEqualTo(1);
		assertThat(counting.count("commit")).isEqualTo(1);
		assertThat(counting.count("rollback")).isZero();
		assertThat(counting.count("executeBatch")).isEqualTo(arrays ? 0 : 1);
		assertThat(counting.count("executeUpdate")).isZero();
		assertThat(counting.count("execute")).isZero();
		assertThat(counting.count("executeQuery")).isEqualTo((arrays ? 1 : 0) + readBacks);
	}

	private static List<UserDataWrite> writes(String prefix, long expectedVersion) {
		List<UserDataWrite> writes = new ArrayList<>();
		for (int i = 0; i < USERS; i++) {
			writes.add(new UserDataWrite(prefix + "-" + i, "{\"i\":" + i + ",\"v\":" + expectedVersion + "}",
					expectedVersion));
		}
		return writes;
	}

}
