package dev.gamesessions.store.redis;

import org.junit.jupiter.api.extension.RegisterExtension;

class EmbeddedUserDirectoryTests extends RedisUserDirectoryTests {

	@RegisterExtension
	static final RedisTarget redis = RedisTarget.embedded();

	@Override
	RedisTarget redis() {
		return redis;
	}

}
