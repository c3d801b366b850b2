package dev.gamesessions.store.jdbc;

import dev.gamesessions.store.MutableClock;
import dev.gamesessions.store.SessionDataStore;
import dev.gamesessions.store.SessionDataStoreContractTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/**
 * {@link JdbcSessionDataStore} passes the store contract on every database.
 */
class JdbcSessionDataStoreTests {

	@Nested
	class OnH2 extends OnDatabase {

		OnH2() {
			super(TestDatabase.H2);
		}

	}

	@Nested
	class OnPostgreSql extends OnDatabase {

		OnPostgreSql() {
			super(TestDatabase.POSTGRESQL);
		}

	}

	@Nested
	class OnMariaDb extends OnDatabase {

		OnMariaDb() {
			super(TestDatabase.MARIADB);
		}

	}

	@TestInstance(Lifecycle.PER_CLASS)
	abstract static class OnDatabase extends SessionDataStoreContractTests {

		private final TestDatabase database;

		private TestTables tables;

		OnDatabase(TestDatabase database) {
			this.database = database;
		}

		@AfterAll
		void dropTables() {
			if (this.tables != null) {
				this.tables.close();
			}
		}

		@Override
		protected SessionDataStore createStore(MutableClock clock) {
			// Created on first use, so that each test of a database that is not configured is
			// reported as skipped.
			if (this.tables == null) {
				this.tables = this.database.createTables();
			}
			return this.tables.sessionDataStore(clock);
		}

	}

}
