package dev.gamesessions.autoconfigure;

import dev.gamesessions.DataCodec;
import dev.gamesessions.JacksonDataCodec;
import dev.gamesessions.PersistenceObserver;
import dev.gamesessions.SessionManager;
import dev.gamesessions.UserDataFactory;
import dev.gamesessions.UserDirectory;
import dev.gamesessions.store.InMemorySessionDataStore;
import dev.gamesessions.store.InMemoryUserDataStore;
import dev.gamesessions.store.NoOpUserDataStore;
import dev.gamesessions.store.SessionDataStore;
import dev.gamesessions.store.UserDataStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Scope;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of the {@link SessionManager}: its settings from
 * {@code game.sessions.*}, its stores (the Redis and JDBC auto-configurations run first
 * and contribute theirs; otherwise memory, or none), the bridge of its events to
 * application events, and its shutdown with the context. A {@link SessionManager} bean of
 * the application's own takes the place of the auto-configured one and still gets the
 * events, listeners and shutdown; built from the {@link SessionManager.Builder} bean, it
 * keeps everything else too.
 */
@AutoConfiguration
@EnableConfigurationProperties(GameSessionsProperties.class)
public final class GameSessionsAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(GameSessionsAutoConfiguration.class);

	private static final String FALLBACK_USER_DATA_STORE = "gameSessionsUserDataStore";

	GameSessionsAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	DataCodec gameSessionsDataCodec() {
		return new JacksonDataCodec();
	}

	@Bean(FALLBACK_USER_DATA_STORE)
	@ConditionalOnMissingBean
	UserDataStore gameSessionsUserDataStore(GameSessionsProperties properties, Environment environment) {
		StoreType type = properties.getStore();
		if (type == StoreType.REDIS) {
			throw redisUnavailable(environment);
		}
		if (type == StoreType.JDBC) {
			throw jdbcUnavailable();
		}
		if (type == StoreType.NONE) {
			return new NoOpUserDataStore();
		}
		return new InMemoryUserDataStore();
	}

	@Bean
	@ConditionalOnMissingBean
	SessionDataStore gameSessionsSessionDataStore() {
		return new InMemorySessionDataStore();
	}

	/**
	 * A builder holding everything the starter configures; each injection point gets a new
	 * one. An application that defines a {@link SessionManager} of its own builds it from
	 * this to keep the settings, stores, metrics and cluster directory.
	 */
	@Bean
	@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
	@ConditionalOnMissingBean
	SessionManager.Builder gameSessionManagerBuilder(GameSessionsProperties properties, UserDataStore userDataStore,
			SessionDataStore sessionDataStore, DataCodec codec, ObjectProvider<UserDataFactory> userDataFactory,
			ObjectProvider<PersistenceObserver> observers, ObjectProvider<UserDirectory> directory,
			ObjectProvider<SessionManagerCustomizer> customizers) {
		SessionManager.Builder builder = SessionManager.builder()
			.config(SessionManagerConfigMapper.map(properties))
			.userDataStore(userDataStore)
			.sessionDataStore(sessionDataStore)
			.codec(codec);
		userDataFactory.ifAvailable(builder::userDataFactory);
		directory.ifAvailable(builder::userDirectory);
		PersistenceObserver[] observerArray = observers.orderedStream().toArray(PersistenceObserver[]::new);
		if (observerArray.length > 0) {
			builder.persistenceObserver(CompositePersistenceObserver.of(observerArray));
		}
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder;
	}

	@Bean(SessionManagerAttachments.AUTO_CONFIGURED_MANAGER)
	@ConditionalOnMissingBean
	SessionManager gameSessionManager(SessionManager.Builder builder, GameSessionsProperties properties,
			ObjectProvider<UserDirectory> directory, ListableBeanFactory beanFactory) {
		SessionManager manager = builder.build();
		boolean fallbackStore = beanFactory.containsBean(FALLBACK_USER_DATA_STORE)
				&& manager.userDataStore() == beanFactory.getBean(FALLBACK_USER_DATA_STORE);
		if (properties.getStore() == null && fallbackStore) {
			logger.info("Game sessions keep user data in memory: no Redis connection or DataSource was found "
					+ "(set game.sessions.store to choose a store)");
		}
		logger.info("Game sessions store user data in {} and session data in {}{}",
				manager.userDataStore().getClass().getSimpleName(),
				manager.sessionDataStore().getClass().getSimpleName(),
				directory.stream().map((found) -> "; node " + found.nodeId() + " shares its users' directory").findFirst().orElse(""));
		return manager;
	}

	@Bean
	SessionManagerAttachments gameSessionManagerAttachments(ConfigurableListableBeanFactory beanFactory,
			ApplicationEventPublisher publisher) {
		return new SessionManagerAttachments(beanFactory, publisher);
	}

	@Bean
	@ConditionalOnMissingBean
	SessionManagerLifecycle gameSessionManagerLifecycle(SessionManager manager) {
		return new SessionManagerLifecycle(manager);
	}

	private static StoreNotAvailableException redisUnavailable(Environment environment) {
		boolean springDataRedis = ClassUtils
			.isPresent("org.springframework.data.redis.connection.RedisConnectionFactory", null);
		String reason = springDataRedis ? "the application has no RedisConnectionFactory bean"
				: "Spring Data Redis is not on the classpath";
		String redis = springDataRedis
				? "Define a RedisConnectionFactory bean (spring-boot-starter-data-redis auto-configures one from "
						+ "spring.data.redis.*)"
				: "Add spring-boot-starter-data-redis and configure spring.data.redis.*";
		String embedded = environment.getProperty("game.sessions.redis.embedded.enabled", Boolean.class, false) ? ""
				: ", or set game.sessions.redis.embedded.enabled=true for development";
		return new StoreNotAvailableException(StoreType.REDIS, reason,
				redis + embedded + ", or choose another game.sessions.store (memory, jdbc, none).");
	}

	private static StoreNotAvailableException jdbcUnavailable() {
		String reason = ClassUtils.isPresent("org.springframework.jdbc.core.JdbcTemplate", null)
				? "the application has no DataSource bean" : "Spring JDBC is not on the classpath";
		return new StoreNotAvailableException(StoreType.JDBC, reason,
				"Add spring-boot-starter-jdbc and a JDBC driver and configure spring.datasource.url, or choose "
						+ "another game.sessions.store (memory, redis, none).");
	}

}
