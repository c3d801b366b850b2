package dev.gamesessions.store.redis;

import org.junit.jupiter.api.extension.RegisterExtension;

class ClusterRedisSessionDataStoreTests extends RedisSessionDataStoreTests {

	@RegisterExtension
	static final RedisTarget redis = RedisTarget.cluster();

	@Override
	RedisTarget redis() {
		return redis;
	}

}
