package dev.gamesessions.store.redis;

import dev.gamesessions.store.UserDataStore;
import dev.gamesessions.store.UserDataStoreContractTests;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The user-data store contract, run by a subclass per Redis server.
 */
abstract class RedisUserDataStoreTests extends UserDataStoreContractTests {

	private RedisConnectionFactory connectionFactory;

	/** The server of the concrete class. */
	abstract RedisTarget redis();

	@Override
	protected UserDataStore createStore() {
		if (this.connectionFactory == null) {
			this.connectionFactory = redis().connectionFactory();
		}
		return new RedisUserDataStore(this.connectionFactory, redis().keyPrefix());
	}

}
