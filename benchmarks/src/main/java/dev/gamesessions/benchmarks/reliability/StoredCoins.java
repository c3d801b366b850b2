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
 * What the clicker's Redis holds for each player, read through the project's own store:
 * the judge of whether an acknowledged click was kept.
 */
final class StoredCoins implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final LettuceConnectionFactory connections;

	private final RedisUserDataStore store;

	StoredCoins(int redisPort) {
		this.connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", redisPort));
		this.connections.afterPropertiesSet();
		this.connections.start();
		this.store = new RedisUserDataStore(this.connections, "clicker:");
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
		this.connections.destroy();
	}

}
