package dev.gamesessions.store.jdbc;

import dev.gamesessions.store.UserDataStore;
import dev.gamesessions.store.UserDataStoreContractTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/**
 * {@link JdbcUserDataStore} passes the store contract on every database.
 */
class JdbcUserDataStoreTests {

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
	abstract static class OnDatabase extends UserDataStoreContractTests {

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
		protected UserDataStore createStore() {
			// Created on first use, so that each test of a database that is not configured is
			// reported as skipped.
			if (this.tables == null) {
				this.tables = this.database.createTables();
			}
			return this.tables.userDataStore();
		}

	}

}
