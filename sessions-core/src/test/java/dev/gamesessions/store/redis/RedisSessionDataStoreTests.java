package dev.gamesessions.store.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.gamesessions.store.MutableClock;
import dev.gamesessions.store.SessionDataStore;
import dev.gamesessions.store.SessionDataStoreContractTests;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The session-data store contract, run by a subclass per Redis server.
 * <p>
 * Redis expires keys on its own clock, and waiting out real time-to-lives would make the
 * suite slow. So {@link #elapse(Duration)} plays the server's clock forward instead: it
 * scans this class's session keys and deletes each whose remaining time-to-live
 * ({@code PTTL}) is not longer than the elapsed time, and shortens the others by it.
 */
abstract class RedisSessionDataStoreTests extends SessionDataStoreContractTests {

	private RedisConnectionFactory connectionFactory;

	/** The server of the concrete class. */
	abstract RedisTarget redis();

	@Override
	protected SessionDataStore createStore(MutableClock clock) {
		if (this.connectionFactory == null) {
			this.connectionFactory = redis().connectionFactory();
		}
		return new RedisSessionDataStore(this.connectionFactory, redis().keyPrefix());
	}

	@Override
	protected void elapse(Duration elapsed) {
		super.elapse(elapsed);
		long elapsedMillis = elapsed.toMillis();
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			for (byte[] key : sessionKeys(connection)) {
				Long remaining = connection.keyCommands().pTtl(key);
				if (remaining == null || remaining < 0) {
					continue;
				}
				if (remaining <= elapsedMillis) {
					connection.keyCommands().del(key);
				}
				else {
					connection.keyCommands().pExpire(key, remaining - elapsedMillis);
				}
			}
		}
	}

	@Override
	protected boolean prunesExplicitly() {
		return false;
	}

	@Test
	void applyLoadAndRenameSetTheTimeToLiveOfTheKeyInRedis() {
		RedisSessionDataStore store = (RedisSessionDataStore) store();
		String id = newSessionId();
		store().apply(id, Map.of("a", "1"), Set.of(), TTL);
		assertThat(remainingMillis(store.key(id))).isBetween(TTL.minusSeconds(5).toMillis(), TTL.toMillis());
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			connection.keyCommands().pExpire(RedisAccess.bytes(store.key(id)), 10_000);
		}
		store().load(id, TTL);
		assertThat(remainingMillis(store.key(id))).isGreaterThan(TTL.minusSeconds(5).toMillis());
		String newId = newSessionId();
		store().rename(id, newId, Duration.ofMinutes(5));
		assertThat(remainingMillis(store.key(newId))).isBetween(Duration.ofMinutes(4).toMillis(),
				Duration.ofMinutes(5).toMillis());
	}

	@Test
	void redisExpiresDataByItself() {
		RedisSessionDataStore store = (RedisSessionDataStore) store();
		String id = newSessionId();
		store().apply(id, Map.of("a", "1"), Set.of(), Duration.ofMillis(200));
		// Watch the key without loading it: a load would extend its life.
		await().atMost(Duration.ofSeconds(5)).until(() -> remainingMillis(store.key(id)) == -2);
		assertThat(store().load(id, TTL)).isEmpty();
	}

	@Test
	void keyOfAnotherTypeIsAClearError() {
		RedisSessionDataStore store = (RedisSessionDataStore) store();
		String id = newSessionId();
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			connection.stringCommands().set(RedisAccess.bytes(store.key(id)), RedisAccess.bytes("a string"));
		}
		assertThatExceptionOfType(RedisDataFormatException.class).isThrownBy(() -> store().load(id, TTL))
			.withMessageContaining(store.key(id));
		assertThatExceptionOfType(RedisDataFormatException.class)
			.isThrownBy(() -> store().apply(id, Map.of("a", "1"), Set.of(), TTL))
			.withMessageContaining(store.key(id));
	}

	/** The key's {@code PTTL}: milliseconds, or -2 when the key does not exist. */
	private long remainingMillis(String key) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			return connection.keyCommands().pTtl(RedisAccess.bytes(key));
		}
	}

	private List<byte[]> sessionKeys(RedisConnection connection) {
		List<byte[]> keys = new ArrayList<>();
		ScanOptions options = ScanOptions.scanOptions().match(redis().keyPrefix() + "session:*").count(1000).build();
		try (Cursor<byte[]> cursor = connection.keyCommands().scan(options)) {
			cursor.forEachRemaining(keys::add);
		}
		return keys;
	}

}
