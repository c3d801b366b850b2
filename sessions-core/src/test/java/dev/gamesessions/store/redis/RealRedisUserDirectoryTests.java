package dev.gamesessions.store.redis;

import org.junit.jupiter.api.extension.RegisterExtension;

class RealRedisUserDirectoryTests extends RedisUserDirectoryTests {

	@RegisterExtension
	static final RedisTarget redis = RedisTarget.real();

	@Override
	RedisTarget redis() {
		return redis;
	}

}
