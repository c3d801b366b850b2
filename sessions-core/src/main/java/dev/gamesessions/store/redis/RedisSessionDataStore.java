package dev.gamesessions.store.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.gamesessions.store.SessionDataStore;
import dev.gamesessions.store.StoreException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * A {@link SessionDataStore} in Redis: one hash per session at
 * {@code {prefix}session:{sessionId}}, one field per value, expired by Redis itself
 * ({@code PEXPIRE}), so {@link #prune(Instant)} has nothing to do.
 * <p>
 * Every command touches one key, so the layout works on Redis Cluster; a
 * {@link #rename(String, String, Duration) rename} therefore copies the data to the new
 * key and then deletes the old one instead of using {@code RENAME}, whose keys may live
 * on different nodes.
 */
public final class RedisSessionDataStore implements SessionDataStore {

	/**
	 * KEYS[1]: the session's hash; ARGV[1]: time-to-live in milliseconds; ARGV[2]: how many
	 * values are set; then that many name/value pairs; then the names to remove. Redis
	 * deletes a hash whose last field is removed, so a delta that leaves nothing leaves no
	 * key.
	 */
	private static final RedisScript<?> APPLY_SCRIPT = RedisScript.of("""
			local last = 2 + 2 * tonumber(ARGV[2])
			if last > 2 then
				redis.call('HSET', KEYS[1], unpack(ARGV, 3, last))
			end
			if #ARGV > last then
				redis.call('HDEL', KEYS[1], unpack(ARGV, last + 1, #ARGV))
			end
			redis.call('PEXPIRE', KEYS[1], ARGV[1])
			return 0
			""");

	private final RedisAccess redis;

	/**
	 * Creates a store with keys under {@value RedisUserDataStore#DEFAULT_KEY_PREFIX}.
	 * @param connectionFactory the connection factory
	 */
	public RedisSessionDataStore(RedisConnectionFactory connectionFactory) {
		this(connectionFactory, RedisUserDataStore.DEFAULT_KEY_PREFIX);
	}

	/**
	 * Creates a store.
	 * @param connectionFactory the connection factory
	 * @param keyPrefix the prefix of every key, such as {@code gs:}
	 */
	public RedisSessionDataStore(RedisConnectionFactory connectionFactory, String keyPrefix) {
		this.redis = new RedisAccess(connectionFactory, keyPrefix);
	}

	/**
	 * The name of the Redis key that holds a session's data.
	 * @param sessionId the session id
	 * @return the key, such as {@code gs:session:3q2+7w}
	 */
	public String key(String sessionId) {
		return this.redis.keyName("session", sessionId);
	}

	/**
	 * Reads the session's hash and extends its expiry, in one pipeline of {@code HGETALL}
	 * and {@code PEXPIRE}.
	 * @throws RedisDataFormatException when the key holds another type than a hash
	 */
	@Override
	public Optional<Map<String, String>> load(String sessionId, Duration ttl) {
		String key = key(sessionId);
		byte[] rawKey = RedisAccess.bytes(key);
		List<Object> answers = this.redis.execute("load session data", key, (connection) -> {
			connection.openPipeline();
			connection.hashCommands().hGetAll(rawKey);
			connection.keyCommands().pExpire(rawKey, ttl.toMillis());
			return connection.closePipeline();
		});
		if (answers.isEmpty() || !(answers.get(0) instanceof Map<?, ?> hash)) {
			throw new StoreException("Cannot load session data in Redis: unexpected answer " + answers);
		}
		Map<String, String> values = RedisAccess.strings(bytesMap(hash));
		return values.isEmpty() ? Optional.empty() : Optional.of(Map.copyOf(values));
	}

	/**
	 * Applies the delta with one script, so that it is atomic.
	 * @throws RedisDataFormatException when the key holds another type than a hash
	 */
	@Override
	public void apply(String sessionId, Map<String, String> set, Set<String> removed, Duration ttl) {
		String key = key(sessionId);
		List<byte[]> keyAndArgs = new ArrayList<>(3 + 2 * set.size() + removed.size());
		keyAndArgs.add(RedisAccess.bytes(key));
		keyAndArgs.add(RedisAccess.bytes(Long.toString(ttl.toMillis())));
		keyAndArgs.add(RedisAccess.bytes(Integer.toString(set.size())));
		set.forEach((name, value) -> {
			keyAndArgs.add(RedisAccess.bytes(name));
			keyAndArgs.add(RedisAccess.bytes(value));
		});
		removed.forEach((name) -> keyAndArgs.add(RedisAccess.bytes(name)));
		this.redis.execute("save session data", key, (connection) -> RedisAccess.eval(connection, APPLY_SCRIPT,
				ReturnType.INTEGER, keyAndArgs.toArray(byte[][]::new)));
	}

	/**
	 * Deletes the session's key.
	 */
	@Override
	public void delete(String sessionId) {
		String key = key(sessionId);
		this.redis.execute("delete session data", key,
				(connection) -> connection.keyCommands().del(RedisAccess.bytes(key)));
	}

	/**
	 * Copies the data to the new key ({@code HGETALL}, then the script of
	 * {@link #apply(String, Map, Set, Duration)}) and deletes the old key. Should Redis fail
	 * in between, the old key keeps its data until it expires.
	 */
	@Override
	public void rename(String oldId, String newId, Duration ttl) {
		String oldKey = key(oldId);
		Map<String, String> values = this.redis.execute("read session data to move", oldKey,
				(connection) -> RedisAccess.strings(connection.hashCommands().hGetAll(RedisAccess.bytes(oldKey))));
		if (values.isEmpty()) {
			return;
		}
		apply(newId, values, Set.of(), ttl);
		delete(oldId);
	}

	/**
	 * Does nothing: Redis expires session data by itself.
	 * @return 0
	 */
	@Override
	public int prune(Instant now) {
		return 0;
	}

	@SuppressWarnings("unchecked")
	private static Map<byte[], byte[]> bytesMap(Map<?, ?> hash) {
		return (Map<byte[], byte[]>) hash;
	}

}
