package dev.gamesessions.store.jdbc;

import dev.gamesessions.store.MutableClock;
import dev.gamesessions.store.SessionDataStore;
import dev.gamesessions.store.SessionDataStoreContractTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link JdbcSessionDataStore} passes the store contract on every database.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(TestDatabase.class)
class JdbcSessionDataStoreTests extends SessionDataStoreContractTests {

	private static final TablesByDatabase tables = new TablesByDatabase();

	@Parameter
	TestDatabase database;

	@AfterAll
	static void dropTables() {
		tables.close();
	}

	@Override
	protected SessionDataStore createStore(MutableClock clock) {
		return tables.get(this.database).sessionDataStore(clock);
	}

}
