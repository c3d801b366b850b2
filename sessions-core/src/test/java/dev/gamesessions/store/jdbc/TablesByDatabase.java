package dev.gamesessions.store.jdbc;

import java.util.EnumMap;
import java.util.Map;

/**
 * Tables of a test class in each database, created on first use (so that the tests of a
 * database that is not configured are reported as skipped) and dropped together.
 */
final class TablesByDatabase implements AutoCloseable {

	private final Map<TestDatabase, TestTables> tables = new EnumMap<>(TestDatabase.class);

	synchronized TestTables get(TestDatabase database) {
		return this.tables.computeIfAbsent(database, TestDatabase::createTables);
	}

	@Override
	public synchronized void close() {
		this.tables.values().forEach(TestTables::close);
		this.tables.clear();
	}

}
