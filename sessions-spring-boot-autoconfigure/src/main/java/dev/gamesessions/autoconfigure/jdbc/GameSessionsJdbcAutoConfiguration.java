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
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the JDBC stores of game sessions on the application's
 * {@link DataSource}, when {@code game.sessions.store} is {@code jdbc} or not set. Runs
 * after the Redis auto-configuration, so that with neither store chosen, an application
 * that has Redis and a database keeps its sessions in Redis; runs before
 * {@link GameSessionsAutoConfiguration}, whose memory fallbacks then step aside.
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

	@Bean
	JdbcStoreSchema gameSessionsJdbcStoreSchema(DataSource dataSource, GameSessionsJdbcProperties properties) {
		return new JdbcStoreSchema(dataSource, properties);
	}

	@Bean
	@ConditionalOnMissingBean
	UserDataStore gameSessionsJdbcUserDataStore(DataSource dataSource, GameSessionsJdbcProperties properties,
			JdbcStoreSchema schema) {
		JdbcUserDataStore store = validTable("game.sessions.jdbc.user-table", properties.getUserTable(),
				() -> new JdbcUserDataStore(dataSource, properties.getDialect(), properties.getUserTable()));
		schema.initialize();
		return store;
	}

	@Bean
	@ConditionalOnMissingBean
	SessionDataStore gameSessionsJdbcSessionDataStore(DataSource dataSource, GameSessionsJdbcProperties properties,
			JdbcStoreSchema schema) {
		JdbcSessionDataStore store = validTable("game.sessions.jdbc.session-table", properties.getSessionTable(),
				() -> new JdbcSessionDataStore(dataSource, properties.getDialect(), properties.getSessionTable(),
						Clock.systemUTC()));
		schema.initialize();
		return store;
	}

	private static <T> T validTable(String property, String tableName, Supplier<T> store) {
		try {
			return store.get();
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(property, tableName, ex.getMessage());
		}
	}

}
