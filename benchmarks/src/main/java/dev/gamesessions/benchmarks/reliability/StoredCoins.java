package dev.gamesessions.benchmarks.reliability;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import dev.gamesessions.store.StoredUserData;
import dev.gamesessions.store.redis.RedisUserDataStore;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * What the clicker's store (Redis or PostgreSQL) holds for each player, read through the
 * project's own store: the judge of whether an acknowledged click was kept.
 */
final class StoredCoins implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final @org.jspecify.annotations.Nullable LettuceConnectionFactory connections;

	private final dev.gamesessions.store.UserDataStore store;

	StoredCoins(int redisPort) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", redisPort));
		factory.afterPropertiesSet();
		factory.start();
		this.connections = factory;
		this.store = new RedisUserDataStore(factory, "clicker:");
	}

	/** What a PostgreSQL database holds, in the JDBC store's default table. */
	StoredCoins(String jdbcUrl) {
		this.connections = null;
		org.postgresql.ds.PGSimpleDataSource dataSource = new org.postgresql.ds.PGSimpleDataSource();
		dataSource.setUrl(jdbcUrl);
		this.store = new dev.gamesessions.store.jdbc.JdbcUserDataStore(dataSource);
	}

	/** The stored coins of each player that has stored data; nothing while Redis is down. */
	Map<String, Integer> coins(Collection<String> players) {
		Map<String, Integer> coins = new HashMap<>();
		try {
			for (String player : players) {
				this.store.load(player)
					.map(StoredUserData::data)
					.ifPresent((data) -> coins.put(player, json.readTree(data).path("coins").asInt()));
			}
		}
		catch (RuntimeException ex) {
			// Redis is not back yet.
		}
		return coins;
	}

	@Override
	public void close() {
		if (this.connections != null) {
			this.connections.destroy();
		}
	}

}
