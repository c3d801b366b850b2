package dev.gamesessions.autoconfigure.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.gamesessions.autoconfigure.RestartScenario;
import dev.gamesessions.store.redis.RedisUserDataStore;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * What a user does: the dependencies, {@code game.sessions.store=redis} and
 * {@code spring.data.redis.url}. A player's data, changed and never persisted explicitly,
 * is written by the shutdown flush and read back by the next start of the application.
 * Runs against an embedded Redis, and against the real server of
 * {@value #URL_VARIABLE} when it is set.
 */
class RedisEndToEndTests {

	static final String URL_VARIABLE = "GAMESESSIONS_TEST_REDIS_URL";

	@Test
	void userDataSurvivesARestartOnEmbeddedRedis() {
		EmbeddedRedis redis = new EmbeddedRedis(new GameSessionsRedisProperties.Embedded());
		redis.start();
		try {
			userDataSurvivesARestart("redis://" + EmbeddedRedis.HOST + ":" + redis.port());
		}
		finally {
			redis.stop();
		}
	}

	@Test
	void userDataSurvivesARestartOnARealRedis() {
		String url = System.getenv(URL_VARIABLE);
		Assumptions.assumeTrue(url != null && !url.isBlank(),
				URL_VARIABLE + " not set: skipping the end-to-end test against a real Redis");
		userDataSurvivesARestart(url);
	}

	private void userDataSurvivesARestart(String url) {
		String keyPrefix = "gs-test-" + UUID.randomUUID() + ":";
		String[] args = { "--game.sessions.store=redis", "--spring.data.redis.url=" + url,
				"--game.sessions.redis.key-prefix=" + keyPrefix, "--spring.main.web-application-type=none",
				"--spring.main.banner-mode=off" };
		RestartScenario.userDataSurvivesARestart(GameApplication.class, RedisUserDataStore.class, args,
				(context) -> deleteKeys(context.getBean(StringRedisTemplate.class), keyPrefix));
	}

	private static void deleteKeys(StringRedisTemplate redisTemplate, String keyPrefix) {
		List<String> keys = new ArrayList<>();
		try (Cursor<String> cursor = redisTemplate.scan(ScanOptions.scanOptions().match(keyPrefix + "*").build())) {
			cursor.forEachRemaining(keys::add);
		}
		redisTemplate.delete(keys);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class GameApplication {

	}

}
