package dev.gamesessions.autoconfigure.redis;

import dev.gamesessions.autoconfigure.GameSessionsAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of an embedded Redis server, when
 * {@code game.sessions.redis.embedded.enabled=true}: the server starts with the context,
 * and Spring Boot's Redis connection points at it (through a
 * {@link DataRedisConnectionDetails} bean, which takes the place of
 * {@code spring.data.redis.*}). For development and samples, not for production. Startup
 * fails, naming the missing coordinates, when embedded-redis or Spring Data Redis is not
 * on the classpath: the property was set, so keeping the data in memory would mislead.
 */
@AutoConfiguration(before = GameSessionsAutoConfiguration.class,
		beforeName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnBooleanProperty("game.sessions.redis.embedded.enabled")
@EnableConfigurationProperties(GameSessionsRedisProperties.class)
public final class GameSessionsEmbeddedRedisAutoConfiguration {

	static final String EMBEDDED_REDIS = "com.github.codemonstur:embedded-redis";

	static final String SPRING_DATA_REDIS = "org.springframework.boot:spring-boot-starter-data-redis";

	GameSessionsEmbeddedRedisAutoConfiguration() {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "redis.embedded.RedisServer",
			"org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails" })
	static class EmbeddedServerConfiguration {

		@Bean
		EmbeddedRedis gameSessionsEmbeddedRedis(GameSessionsRedisProperties properties) {
			EmbeddedRedis redis = new EmbeddedRedis(properties.getEmbedded());
			redis.start();
			return redis;
		}

		@Bean
		DataRedisConnectionDetails gameSessionsEmbeddedRedisConnectionDetails(EmbeddedRedis redis) {
			DataRedisConnectionDetails.Standalone standalone = DataRedisConnectionDetails.Standalone
				.of(EmbeddedRedis.HOST, redis.port());
			return new DataRedisConnectionDetails() {

				@Override
				public Standalone getStandalone() {
					return standalone;
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("redis.embedded.RedisServer")
	static class MissingServerConfiguration {

		MissingServerConfiguration() {
			throw missing(EMBEDDED_REDIS, "the embedded Redis server itself");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails")
	static class MissingSpringDataRedisConfiguration {

		MissingSpringDataRedisConfiguration() {
			throw missing(SPRING_DATA_REDIS, "the Redis connection of the game sessions' Redis store");
		}

	}

	private static EmbeddedRedisException missing(String coordinates, String what) {
		return new EmbeddedRedisException("game.sessions.redis.embedded.enabled is true but " + coordinates
				+ " (" + what + ") is not on the classpath, so sessions would silently stay in memory.",
				"Add " + coordinates + " to the application's dependencies (see the README's \"Embedded Redis\" "
						+ "for both coordinates), or remove game.sessions.redis.embedded.enabled.");
	}

}
