package dev.gamesessions.autoconfigure.redis;

import java.time.Clock;

import dev.gamesessions.UserDirectory;
import dev.gamesessions.autoconfigure.GameSessionsAutoConfiguration;
import dev.gamesessions.store.SessionDataStore;
import dev.gamesessions.store.UserDataStore;
import dev.gamesessions.store.redis.RedisSessionDataStore;
import dev.gamesessions.store.redis.RedisUserDataStore;
import dev.gamesessions.store.redis.RedisUserDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of the Redis stores of game sessions on the application's
 * {@link RedisConnectionFactory}, when {@code game.sessions.store} is {@code redis} or not
 * set. Runs before {@link GameSessionsAutoConfiguration}, whose memory fallbacks then step
 * aside.
 */
@AutoConfiguration(after = DataRedisAutoConfiguration.class, before = GameSessionsAutoConfiguration.class)
@ConditionalOnClass({ RedisConnectionFactory.class, RedisUserDataStore.class })
@ConditionalOnProperty(name = "game.sessions.store", havingValue = "redis", matchIfMissing = true)
@ConditionalOnBean(RedisConnectionFactory.class)
@EnableConfigurationProperties(GameSessionsRedisProperties.class)
public final class GameSessionsRedisAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(GameSessionsRedisAutoConfiguration.class);

	GameSessionsRedisAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	UserDataStore gameSessionsRedisUserDataStore(RedisConnectionFactory connectionFactory,
			GameSessionsRedisProperties properties) {
		if (!ClassUtils.isPresent("org.apache.commons.pool2.ObjectPool",
				GameSessionsRedisAutoConfiguration.class.getClassLoader())) {
			logger.warn("Game sessions: Redis connections are not pooled, so each batch of user-data writes "
					+ "opens a connection of its own; add org.apache.commons:commons-pool2 to pool them");
		}
		return new RedisUserDataStore(connectionFactory, properties.getKeyPrefix());
	}

	@Bean
	@ConditionalOnMissingBean
	SessionDataStore gameSessionsRedisSessionDataStore(RedisConnectionFactory connectionFactory,
			GameSessionsRedisProperties properties) {
		return new RedisSessionDataStore(connectionFactory, properties.getKeyPrefix());
	}

	@Bean
	@ConditionalOnMissingBean(UserDirectory.class)
	@ConditionalOnProperty(name = "game.sessions.redis.directory.enabled", matchIfMissing = true)
	RedisUserDirectory gameSessionsRedisUserDirectory(RedisConnectionFactory connectionFactory,
			GameSessionsRedisProperties properties) {
		GameSessionsRedisProperties.Directory directory = properties.getDirectory();
		String nodeId = (directory.getNodeId() != null) ? directory.getNodeId() : RedisUserDirectory.generateNodeId();
		try {
			return new RedisUserDirectory(connectionFactory, properties.getKeyPrefix(), nodeId,
					directory.getEntryTimeToLive(), Clock.systemUTC());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException("game.sessions.redis.directory", nodeId + " / "
					+ directory.getEntryTimeToLive(), ex.getMessage());
		}
	}

}
