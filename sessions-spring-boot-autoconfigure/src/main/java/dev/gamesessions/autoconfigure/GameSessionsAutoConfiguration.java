package dev.gamesessions.autoconfigure;

import dev.gamesessions.DataCodec;
import dev.gamesessions.JacksonDataCodec;
import dev.gamesessions.PersistenceObserver;
import dev.gamesessions.SessionListener;
import dev.gamesessions.SessionManager;
import dev.gamesessions.UserDataFactory;
import dev.gamesessions.UserDirectory;
import dev.gamesessions.autoconfigure.event.ApplicationEventBridge;
import dev.gamesessions.store.InMemorySessionDataStore;
import dev.gamesessions.store.InMemoryUserDataStore;
import dev.gamesessions.store.NoOpUserDataStore;
import dev.gamesessions.store.SessionDataStore;
import dev.gamesessions.store.UserDataStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of the {@link SessionManager}: its settings from
 * {@code game.sessions.*}, its stores (the Redis and JDBC auto-configurations run first
 * and contribute theirs; otherwise memory, or none), the bridge of its events to
 * application events, and its shutdown with the context.
 */
@AutoConfiguration
@EnableConfigurationProperties(GameSessionsProperties.class)
public final class GameSessionsAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(GameSessionsAutoConfiguration.class);

	GameSessionsAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	DataCodec gameSessionsDataCodec() {
		return new JacksonDataCodec();
	}

	@Bean
	@ConditionalOnMissingBean
	UserDataStore gameSessionsUserDataStore(GameSessionsProperties properties) {
		StoreType type = properties.getStore();
		if (type == StoreType.REDIS) {
			throw redisUnavailable();
		}
		if (type == StoreType.JDBC) {
			throw jdbcUnavailable();
		}
		if (type == StoreType.NONE) {
			return new NoOpUserDataStore();
		}
		if (type == null) {
			logger.info("Game sessions keep user data in memory: no Redis connection or DataSource was found "
					+ "(set game.sessions.store to choose a store)");
		}
		return new InMemoryUserDataStore();
	}

	@Bean
	@ConditionalOnMissingBean
	SessionDataStore gameSessionsSessionDataStore() {
		return new InMemorySessionDataStore();
	}

	@Bean
	@ConditionalOnMissingBean
	SessionManager gameSessionManager(GameSessionsProperties properties, UserDataStore userDataStore,
			SessionDataStore sessionDataStore, DataCodec codec, ApplicationEventPublisher publisher,
			ObjectProvider<UserDataFactory> userDataFactory, ObjectProvider<SessionListener> listeners,
			ObjectProvider<PersistenceObserver> observers, ObjectProvider<UserDirectory> directory,
			ObjectProvider<SessionManagerCustomizer> customizers) {
		SessionManager.Builder builder = SessionManager.builder()
			.config(SessionManagerConfigMapper.map(properties))
			.userDataStore(userDataStore)
			.sessionDataStore(sessionDataStore)
			.codec(codec)
			.listener(new ApplicationEventBridge(publisher));
		userDataFactory.ifAvailable(builder::userDataFactory);
		directory.ifAvailable(builder::userDirectory);
		listeners.orderedStream().forEach(builder::listener);
		PersistenceObserver[] observerArray = observers.orderedStream().toArray(PersistenceObserver[]::new);
		if (observerArray.length > 0) {
			builder.persistenceObserver(CompositePersistenceObserver.of(observerArray));
		}
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		SessionManager manager = builder.build();
		logger.info("Game sessions store user data in {} and session data in {}{}",
				userDataStore.getClass().getSimpleName(), sessionDataStore.getClass().getSimpleName(),
				directory.stream().map((found) -> "; node " + found.nodeId() + " shares its users' directory").findFirst().orElse(""));
		return manager;
	}

	@Bean
	@ConditionalOnMissingBean
	SessionManagerLifecycle gameSessionManagerLifecycle(SessionManager manager) {
		return new SessionManagerLifecycle(manager);
	}

	private static StoreNotAvailableException redisUnavailable() {
		String reason = ClassUtils.isPresent("org.springframework.data.redis.connection.RedisConnectionFactory", null)
				? "the application has no RedisConnectionFactory bean"
				: "Spring Data Redis is not on the classpath";
		return new StoreNotAvailableException(StoreType.REDIS, reason,
				"Add spring-boot-starter-data-redis and configure spring.data.redis.*, or set "
						+ "game.sessions.redis.embedded.enabled=true for development, or choose another "
						+ "game.sessions.store (memory, jdbc, none).");
	}

	private static StoreNotAvailableException jdbcUnavailable() {
		String reason = ClassUtils.isPresent("org.springframework.jdbc.core.JdbcTemplate", null)
				? "the application has no DataSource bean" : "Spring JDBC is not on the classpath";
		return new StoreNotAvailableException(StoreType.JDBC, reason,
				"Add spring-boot-starter-jdbc and a JDBC driver and configure spring.datasource.url, or choose "
						+ "another game.sessions.store (memory, redis, none).");
	}

}
