package dev.gamesessions.store;

class InMemoryUserDataStoreTests extends UserDataStoreContractTests {

	@Override
	protected UserDataStore createStore() {
		return new InMemoryUserDataStore();
	}

}
