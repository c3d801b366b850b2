package dev.gamesessions.store.redis;

import org.junit.jupiter.api.extension.RegisterExtension;

class EmbeddedRedisUserDataStoreTests extends RedisUserDataStoreTests {

	@RegisterExtension
	static final RedisTarget redis = RedisTarget.embedded();

	@Override
	RedisTarget redis() {
		return redis;
	}

}
