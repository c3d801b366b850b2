package dev.gamesessions.store.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.gamesessions.store.MutableClock;
import dev.gamesessions.store.SessionDataStore;
import dev.gamesessions.store.SessionDataStoreContractTests;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;

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

	private List<byte[]> sessionKeys(RedisConnection connection) {
		List<byte[]> keys = new ArrayList<>();
		ScanOptions options = ScanOptions.scanOptions().match(redis().keyPrefix() + "session:*").count(1000).build();
		try (Cursor<byte[]> cursor = connection.keyCommands().scan(options)) {
			cursor.forEachRemaining(keys::add);
		}
		return keys;
	}

}
