package dev.gamesessions.store.redis;

import org.junit.jupiter.api.extension.RegisterExtension;

class RealRedisSessionDataStoreTests extends RedisSessionDataStoreTests {

	@RegisterExtension
	static final RedisTarget redis = RedisTarget.real();

	@Override
	RedisTarget redis() {
		return redis;
	}

}
