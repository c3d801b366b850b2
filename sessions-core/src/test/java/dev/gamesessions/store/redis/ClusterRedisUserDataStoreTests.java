package dev.gamesessions.store.redis;

import org.junit.jupiter.api.extension.RegisterExtension;

class ClusterRedisUserDataStoreTests extends RedisUserDataStoreTests {

	@RegisterExtension
	static final RedisTarget redis = RedisTarget.cluster();

	@Override
	RedisTarget redis() {
		return redis;
	}

}
