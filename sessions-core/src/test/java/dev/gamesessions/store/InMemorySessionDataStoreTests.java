package dev.gamesessions.store;

class InMemorySessionDataStoreTests extends SessionDataStoreContractTests {

	@Override
	protected SessionDataStore createStore(MutableClock clock) {
		return new InMemorySessionDataStore(clock);
	}

}
