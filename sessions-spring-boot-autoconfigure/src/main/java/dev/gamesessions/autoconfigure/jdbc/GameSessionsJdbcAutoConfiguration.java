package dev.gamesessions.autoconfigure.jdbc;

import java.time.Clock;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.gamesessions.autoconfigure.GameSessionsAutoConfiguration;
import dev.gamesessions.autoconfigure.redis.GameSessionsRedisAutoConfiguration;
import dev.gamesessions.store.SessionDataStore;
import dev.gamesessions.store.UserDataStore;
import dev.gamesessions.store.jdbc.JdbcSessionDataStore;
import dev.gamesessions.store.jdbc.JdbcUserDataStore;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the JDBC stores of game sessions on the application's
 * {@link DataSource}, when {@code game.sessions.store} is {@code jdbc} or not set. Runs
 * after the Redis auto-configuration, so that with neither store chosen, an application
 * that has Redis and a database keeps its sessions in Redis; runs before
 * {@link GameSessionsAutoConfiguration}, whose memory fallbacks then step aside. The tables
 * are created by {@link GameSessionsJdbcSchemaInitializer}, ordered by Spring Boot's
 * database initialization with Flyway and Liquibase; the stores depend on it.
 */
@AutoConfiguration(after = { DataSourceAutoConfiguration.class, GameSessionsRedisAutoConfiguration.class },
		before = GameSessionsAutoConfiguration.class)
@ConditionalOnClass({ DataSource.class, JdbcUserDataStore.class })
@ConditionalOnProperty(name = "game.sessions.store", havingValue = "jdbc", matchIfMissing = true)
@ConditionalOnBean(DataSource.class)
@EnableConfigurationProperties(GameSessionsJdbcProperties.class)
public final class GameSessionsJdbcAutoConfiguration {

	GameSessionsJdbcAutoConfiguration() {
	}

	/**
	 * The schema, through Spring Boot's database initialization (spring-boot-jdbc). Member
	 * classes are processed before the stores' bean methods, so the condition sees only the
	 * application's stores and those of the Redis auto-configuration.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(DataSourceScriptDatabaseInitializer.class)
	@Import(DatabaseInitializationDependencyConfigurer.class)
	static class SchemaInitializationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@Conditional(AnyJdbcStoreCondition.class)
		GameSessionsJdbcSchemaInitializer gameSessionsJdbcSchemaInitializer(DataSource dataSource,
				GameSessionsJdbcProperties properties) {
			return new GameSessionsJdbcSchemaInitializer(dataSource, properties);
		}

	}

	@Bean
	@ConditionalOnMissingBean
	@DependsOnDatabaseInitialization
	UserDataStore gameSessionsJdbcUserDataStore(DataSource dataSource, GameSessionsJdbcProperties properties) {
		return validTable("game.sessions.jdbc.user-table", properties.getUserTable(),
				() -> new JdbcUserDataStore(dataSource, properties.getDialect(), properties.getUserTable()));
	}

	@Bean
	@ConditionalOnMissingBean
	@DependsOnDatabaseInitialization
	SessionDataStore gameSessionsJdbcSessionDataStore(DataSource dataSource, GameSessionsJdbcProperties properties) {
		return validTable("game.sessions.jdbc.session-table", properties.getSessionTable(),
				() -> new JdbcSessionDataStore(dataSource, properties.getDialect(), properties.getSessionTable(),
						Clock.systemUTC()));
	}

	private static <T> T validTable(String property, String tableName, Supplier<T> store) {
		try {
			return store.get();
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(property, tableName, ex.getMessage());
		}
	}

	/**
	 * At least one of the JDBC stores is auto-configured: an application that brings both
	 * stores of its own gets no tables.
	 */
	static class AnyJdbcStoreCondition extends AnyNestedCondition {

		AnyJdbcStoreCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnMissingBean(UserDataStore.class)
		static class UserDataStoreAutoConfigured {

		}

		@ConditionalOnMissingBean(SessionDataStore.class)
		static class SessionDataStoreAutoConfigured {

		}

	}

}
