package dev.gamesessions.store.jdbc;

import dev.gamesessions.store.UserDataStore;
import dev.gamesessions.store.UserDataStoreContractTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link JdbcUserDataStore} passes the store contract on every database.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(TestDatabase.class)
class JdbcUserDataStoreTests extends UserDataStoreContractTests {

	private static final TablesByDatabase tables = new TablesByDatabase();

	@Parameter
	TestDatabase database;

	@AfterAll
	static void dropTables() {
		tables.close();
	}

	@Override
	protected UserDataStore createStore() {
		return tables.get(this.database).userDataStore();
	}

}
