package dev.gamesessions.store.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import dev.gamesessions.store.StoreException;
import dev.gamesessions.store.StoredUserData;
import dev.gamesessions.store.UserDataStore;
import dev.gamesessions.store.UserDataWrite;
import dev.gamesessions.store.WriteResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisPipelineException;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * A {@link UserDataStore} in Redis: one hash per user at {@code {prefix}user:{userId}},
 * readable with {@code redis-cli HGETALL}, with the fields {@code v} (the format version,
 * {@code 1}), {@code version} (the record's version) and {@code data} (the JSON).
 * <p>
 * Each conditional write is one Lua script on one key, so the version check and the write
 * are atomic and the layout works on Redis Cluster. The writes of a batch are pipelined:
 * {@link #saveAll(List)} sends every script and then waits once for all answers. With
 * Lettuce, a pipeline runs on a dedicated connection; configure connection pooling
 * ({@code LettucePoolingClientConfiguration}) so that a batch does not open a new
 * connection.
 * <p>
 * A key that holds something else than such a hash is reported by {@link #load(String)}
 * as a {@link RedisDataFormatException}; a write to such a key is not applied and is
 * reported as a {@link WriteResult.Status#CONFLICT conflict} with stored version 0, so
 * one damaged record never blocks the writes of other users.
 */
public final class RedisUserDataStore implements UserDataStore {

	/**
	 * Key prefix used when none is given.
	 */
	public static final String DEFAULT_KEY_PREFIX = "gs:";

	private static final Logger logger = LoggerFactory.getLogger(RedisUserDataStore.class);

	private static final String FORMAT_VERSION = "1";

	private static final String FORMAT_FIELD = "v";

	private static final String VERSION_FIELD = "version";

	private static final String DATA_FIELD = "data";

	private static final long SAVED = 1;

	private static final long UNREADABLE = 2;

	/**
	 * The conditional write of a chunk of users. KEYS are the users' hashes; ARGV[1] is the
	 * format version, then the data and the expected version of each key. Answers
	 * {status, stored version} per key: status 1 saved (or already saved by an earlier
	 * attempt of the same write), 0 conflict, 2 unreadable record. One call writes many
	 * users because Redis's cost of a script call is mostly per call, not per key; per key,
	 * an update costs one {@code HGET} and one {@code HSET}.
	 */
	private static final RedisScript<?> SAVE_SCRIPT = RedisScript.of("""
			local out = {}
			for i = 1, #KEYS do
				local key = KEYS[i]
				local expected = tonumber(ARGV[2 * i + 1])
				local status, version = 1, expected + 1
				local stored = redis.pcall('HGET', key, 'version')
				if type(stored) == 'table' then
					status, version = 2, 0
				elseif not stored then
					if redis.call('EXISTS', key) == 1 then
						status, version = 2, 0
					elseif expected ~= 0 then
						status, version = 0, 0
					else
						redis.call('HSET', key, 'v', ARGV[1], 'version', '1', 'data', ARGV[2 * i])
					end
				else
					stored = tonumber(stored)
					if stored == nil or stored < 1 then
						status, version = 2, 0
					elseif stored == expected then
						redis.call('HSET', key, 'v', ARGV[1], 'version', string.format('%d', version), 'data', ARGV[2 * i])
					elseif stored ~= version or redis.call('HGET', key, 'data') ~= ARGV[2 * i] then
						status, version = 0, stored
					end
				end
				out[2 * i - 1] = status
				out[2 * i] = version
			end
			return out
			""");

	/** Users per call of {@link #SAVE_SCRIPT}: short enough not to hold Redis up. */
	private static final int USERS_PER_SCRIPT_CALL = 64;

	private final RedisAccess redis;

	/**
	 * Creates a store with keys under {@value #DEFAULT_KEY_PREFIX}.
	 * @param connectionFactory the connection factory
	 */
	public RedisUserDataStore(RedisConnectionFactory connectionFactory) {
		this(connectionFactory, DEFAULT_KEY_PREFIX);
	}

	/**
	 * Creates a store.
	 * @param connectionFactory the connection factory
	 * @param keyPrefix the prefix of every key, such as {@code gs:}
	 */
	public RedisUserDataStore(RedisConnectionFactory connectionFactory, String keyPrefix) {
		this.redis = new RedisAccess(connectionFactory, keyPrefix);
	}

	/**
	 * The name of the Redis key that holds a user's data.
	 * @param userId the user id
	 * @return the key, such as {@code gs:user:42}
	 */
	public String key(String userId) {
		return this.redis.keyName("user", userId);
	}

	/**
	 * Reads a user's hash with one {@code HGETALL}.
	 * @param userId the user id
	 * @return the stored data, or empty when the key does not exist
	 * @throws RedisDataFormatException when the key holds another type than a hash, a hash
	 * without {@code version} or {@code data}, or another format version
	 * @throws StoreException when Redis cannot be reached
	 */
	@Override
	public Optional<StoredUserData> load(String userId) {
		String key = key(userId);
		Map<String, String> fields = this.redis.execute("load user data", key,
				(connection) -> RedisAccess.strings(connection.hashCommands().hGetAll(RedisAccess.bytes(key))));
		if (fields.isEmpty()) {
			return Optional.empty();
		}
		String format = fields.get(FORMAT_FIELD);
		if (format != null && !FORMAT_VERSION.equals(format)) {
			throw new RedisDataFormatException("User data at Redis key '" + key + "' has format version '" + format
					+ "', this store reads only version " + FORMAT_VERSION);
		}
		String version = fields.get(VERSION_FIELD);
		String data = fields.get(DATA_FIELD);
		if (version == null || data == null) {
			throw new RedisDataFormatException(
					"User data at Redis key '" + key + "' is a hash without the 'version' or 'data' field");
		}
		return Optional.of(new StoredUserData(userId, data, parseVersion(key, version)));
	}

	/**
	 * Reads only the version of a user's data, with one {@code HGET}.
	 * @param userId the user id
	 * @return the stored version, or empty when the key or its {@code version} field does
	 * not exist
	 * @throws RedisDataFormatException when the key holds another type than a hash
	 * @throws StoreException when Redis cannot be reached
	 */
	@Override
	public OptionalLong version(String userId) {
		String key = key(userId);
		byte[] version = this.redis.execute("read the user data version", key,
				(connection) -> connection.hashCommands().hGet(RedisAccess.bytes(key), RedisAccess.bytes(VERSION_FIELD)));
		return (version != null) ? OptionalLong.of(parseVersion(key, RedisAccess.string(version)))
				: OptionalLong.empty();
	}

	/**
	 * Applies the writes with one script each, sent in one pipeline.
	 * @param writes the writes, possibly empty
	 * @return one result per write, in order
	 * @throws StoreException when Redis cannot be reached or did not answer every write
	 */
	@Override
	public List<WriteResult> saveAll(List<UserDataWrite> writes) {
		if (writes.isEmpty()) {
			return List.of();
		}
		String operation = "save user data of " + writes.size() + " users";
		List<Object> answers = this.redis.execute(operation, this.redis.keyPrefix() + "user:*", (connection) -> {
			// On Redis Cluster the keys of one script call must share a slot: one user per call.
			int chunk = (connection instanceof RedisClusterConnection) ? 1 : USERS_PER_SCRIPT_CALL;
			try {
				return pipelineScripts(connection, writes, chunk);
			}
			catch (RedisPipelineException ex) {
				if (!RedisAccess.isNoScript(ex) && !anyNoScript(ex.getPipelineResult())) {
					throw ex;
				}
				// Redis lost its script cache (restart, SCRIPT FLUSH): nothing ran; load it and
				// send the batch again.
				connection.scriptingCommands().scriptLoad(RedisAccess.bytes(SAVE_SCRIPT.getScriptAsString()));
				return pipelineScripts(connection, writes, chunk);
			}
		});
		if (answers.size() != writes.size()) {
			throw new StoreException("Cannot " + operation + " in Redis: " + answers.size() + " answers for "
					+ writes.size() + " writes");
		}
		List<WriteResult> results = new ArrayList<>(writes.size());
		for (int i = 0; i < writes.size(); i++) {
			results.add(result(writes.get(i), answers.get(i)));
		}
		return results;
	}

	/**
	 * Deletes a user's key, whatever it holds.
	 * @param userId the user id
	 * @return whether the key existed
	 * @throws StoreException when Redis cannot be reached
	 */
	@Override
	public boolean delete(String userId) {
		String key = key(userId);
		Long deleted = this.redis.execute("delete user data", key,
				(connection) -> connection.keyCommands().del(RedisAccess.bytes(key)));
		return deleted != null && deleted > 0;
	}

	/** Chunks of users, one script call each, all in one pipeline; answers one per write. */
	private List<Object> pipelineScripts(RedisConnection connection, List<UserDataWrite> writes, int chunkSize) {
		byte[] format = RedisAccess.bytes(FORMAT_VERSION);
		connection.openPipeline();
		for (int start = 0; start < writes.size(); start += chunkSize) {
			List<UserDataWrite> chunk = writes.subList(start, Math.min(start + chunkSize, writes.size()));
			byte[][] keysAndArgs = new byte[chunk.size() * 3 + 1][];
			for (int i = 0; i < chunk.size(); i++) {
				keysAndArgs[i] = RedisAccess.bytes(key(chunk.get(i).userId()));
			}
			keysAndArgs[chunk.size()] = format;
			for (int i = 0; i < chunk.size(); i++) {
				keysAndArgs[chunk.size() + 1 + 2 * i] = RedisAccess.bytes(chunk.get(i).data());
				keysAndArgs[chunk.size() + 2 + 2 * i] = RedisAccess.bytes(Long.toString(chunk.get(i).expectedVersion()));
			}
			connection.scriptingCommands()
				.evalSha(SAVE_SCRIPT.getSha1(), ReturnType.MULTI, chunk.size(), keysAndArgs);
		}
		List<Object> chunkAnswers = connection.closePipeline();
		List<Object> answers = new ArrayList<>(writes.size());
		for (int c = 0; c < chunkAnswers.size(); c++) {
			int size = Math.min(chunkSize, writes.size() - c * chunkSize);
			Object chunkAnswer = chunkAnswers.get(c);
			for (int i = 0; i < size; i++) {
				if (chunkAnswer instanceof List<?> values && values.size() == 2 * size) {
					answers.add(List.of(values.get(2 * i), values.get(2 * i + 1)));
				}
				else {
					answers.add(chunkAnswer);
				}
			}
		}
		return answers;
	}

	private static boolean anyNoScript(List<Object> results) {
		return results.stream().anyMatch((result) -> result instanceof Throwable ex && RedisAccess.isNoScript(ex));
	}

	private WriteResult result(UserDataWrite write, Object answer) {
		if (answer instanceof DataAccessException ex) {
			throw new StoreException("Cannot save user data of '" + write.userId() + "' in Redis: " + ex.getMessage(),
					ex);
		}
		if (!(answer instanceof List<?> values) || values.size() != 2) {
			throw new StoreException("Unexpected answer of Redis to the write of '" + write.userId() + "': " + answer);
		}
		long status = number(values.get(0));
		long storedVersion = number(values.get(1));
		if (status == SAVED) {
			return WriteResult.saved(write);
		}
		if (status == UNREADABLE) {
			logger.warn("User data of '{}' was not written: Redis key '{}' holds no readable user data", write.userId(),
					key(write.userId()));
		}
		return WriteResult.conflict(write, storedVersion);
	}

	private static long number(Object value) {
		if (value instanceof Number number) {
			return number.longValue();
		}
		if (value instanceof byte[] bytes) {
			return Long.parseLong(RedisAccess.string(bytes));
		}
		throw new StoreException("Unexpected value in an answer of Redis: " + value);
	}

	private static long parseVersion(String key, String text) {
		try {
			long version = Long.parseLong(text);
			if (version >= 1) {
				return version;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new RedisDataFormatException(
				"User data at Redis key '" + key + "' has a 'version' field that is not a positive number");
	}

}
