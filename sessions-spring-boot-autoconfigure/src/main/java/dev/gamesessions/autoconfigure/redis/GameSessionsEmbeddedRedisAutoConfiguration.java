package dev.gamesessions.autoconfigure.redis;

import redis.embedded.RedisServer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of an embedded Redis server, when
 * {@code game.sessions.redis.embedded.enabled=true}: the server starts with the context,
 * and Spring Boot's Redis connection points at it (through a
 * {@link DataRedisConnectionDetails} bean, which takes the place of
 * {@code spring.data.redis.*}). For development and samples, not for production.
 */
@AutoConfiguration(before = DataRedisAutoConfiguration.class)
@ConditionalOnBooleanProperty("game.sessions.redis.embedded.enabled")
@ConditionalOnClass(DataRedisConnectionDetails.class)
@EnableConfigurationProperties(GameSessionsRedisProperties.class)
public final class GameSessionsEmbeddedRedisAutoConfiguration {

	GameSessionsEmbeddedRedisAutoConfiguration() {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RedisServer.class)
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
			throw new InvalidConfigurationPropertyValueException("game.sessions.redis.embedded.enabled", true,
					"The embedded Redis server needs com.github.codemonstur:embedded-redis on the classpath");
		}

	}

}
