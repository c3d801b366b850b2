package dev.gamesessions.store.redis;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import dev.gamesessions.store.StoreException;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * What both Redis stores share: key naming, one connection per operation, scripts run
 * by digest with a fallback to their source, and the translation of Spring's exceptions
 * into {@link StoreException} and {@link RedisDataFormatException}.
 */
final class RedisAccess {

	private final RedisConnectionFactory connectionFactory;

	private final String keyPrefix;

	RedisAccess(RedisConnectionFactory connectionFactory, String keyPrefix) {
		this.connectionFactory = Objects.requireNonNull(connectionFactory, "connectionFactory");
		this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
	}

	String keyPrefix() {
		return this.keyPrefix;
	}

	/** The name of the key of one record, such as {@code gs:user:42}. */
	String keyName(String kind, String id) {
		return this.keyPrefix + kind + ":" + id;
	}

	static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	static String string(byte[] value) {
		return new String(value, StandardCharsets.UTF_8);
	}

	/** A hash's fields and values decoded from UTF-8; empty for a missing key. */
	static Map<String, String> strings(@Nullable Map<byte[], byte[]> hash) {
		if (hash == null || hash.isEmpty()) {
			return Map.of();
		}
		Map<String, String> strings = new HashMap<>(hash.size() * 2);
		hash.forEach((field, value) -> strings.put(string(field), string(value)));
		return strings;
	}

	/**
	 * Runs an action on a connection of its own and translates failures.
	 * @param operation what is done, for messages (such as "load user data")
	 * @param key the key concerned, named when it holds a value of the wrong type
	 */
	<T extends @Nullable Object> T execute(String operation, String key, Function<RedisConnection, T> action) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			return action.apply(connection);
		}
		catch (DataAccessException ex) {
			if (hasErrorCode(ex, "WRONGTYPE")) {
				throw new RedisDataFormatException("Cannot " + operation + ": Redis key '" + key
						+ "' holds a value of another type than a hash", ex);
			}
			throw new StoreException("Cannot " + operation + " in Redis: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Runs a one-key script by its digest, sending its source only when Redis does not have
	 * it cached yet (after a restart or a {@code SCRIPT FLUSH}). Not for pipelines, whose
	 * answers arrive only when the pipeline closes.
	 */
	static <T> T eval(RedisConnection connection, RedisScript<?> script, ReturnType returnType,
			byte[]... keyAndArgs) {
		try {
			return connection.scriptingCommands().evalSha(script.getSha1(), returnType, 1, keyAndArgs);
		}
		catch (DataAccessException ex) {
			if (!isNoScript(ex)) {
				throw ex;
			}
			return connection.scriptingCommands().eval(bytes(script.getScriptAsString()), returnType, 1, keyAndArgs);
		}
	}

	static boolean isNoScript(Throwable ex) {
		return hasErrorCode(ex, "NOSCRIPT");
	}

	/** Whether Redis answered an error with that code ({@code NOSCRIPT ...}) among the causes. */
	static boolean hasErrorCode(Throwable ex, String code) {
		for (Throwable candidate = ex; candidate != null; candidate = candidate.getCause()) {
			String message = candidate.getMessage();
			if (message != null && (message.startsWith(code + " ") || message.contains(" " + code + " "))) {
				return true;
			}
		}
		return false;
	}

}
