package dev.gamesessions.store.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;

import dev.gamesessions.store.UserDataWrite;
import dev.gamesessions.store.WriteResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a batch of writes costs, counted by Redis ({@code INFO commandstats}) and by a
 * counting connection factory: one script call per user, one round trip per batch. This
 * class has its embedded Redis to itself, so the server's counters are its own.
 */
class RedisUserDataStorePipeliningTests {

	@RegisterExtension
	static final RedisTarget redis = RedisTarget.embedded();

	private static final int USERS = 100;

	/** Script calls for a batch of {@link #USERS}: one per chunk of 64 users. */
	private static final long SCRIPT_CALLS = 2;

	private RedisConnectionFactory connectionFactory;

	private CountingConnectionFactory counting;

	private RedisUserDataStore store;

	@BeforeEach
	void createStore() {
		this.connectionFactory = redis.connectionFactory();
		useConnectionFactory(this.connectionFactory);
	}

	@Test
	void batchOfAHundredWritesIsTwoScriptCallsInOneRoundTrip() {
		loadScript();
		Map<String, Long> calls = saveBatchAndCountCommands("steady batch");
		assertThat(calls).containsEntry("evalsha", SCRIPT_CALLS).containsEntry("hset", (long) USERS)
			.doesNotContainKeys("eval", "script", "type", "hmget");
		assertThat(this.counting.roundTrips()).isEqualTo(1);
		assertThat(this.counting.connections()).isEqualTo(1);
	}

	@Test
	void withPooledConnectionsABatchReusesTheConnectionOfThePreviousOne() {
		useConnectionFactory(redis.pooledConnectionFactory());
		loadScript();
		Map<String, Long> calls = saveBatchAndCountCommands("pooled batch");
		assertThat(calls).containsEntry("evalsha", SCRIPT_CALLS).doesNotContainKeys("hello", "client", "eval");
		assertThat(this.counting.roundTrips()).isEqualTo(1);
	}

	@Test
	void batchAfterRedisLostItsScriptsLoadsTheScriptOnceAndIsSentAgain() {
		loadScript();
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			connection.scriptingCommands().scriptFlush();
		}
		Map<String, Long> calls = saveBatchAndCountCommands("batch after SCRIPT FLUSH");
		assertThat(calls).containsEntry("evalsha", 2 * SCRIPT_CALLS).containsEntry("script", 1L);
		assertThat(this.counting.roundTrips()).isEqualTo(3);
	}

	@Test
	void retriedBatchThatRedisAlreadyAppliedIsSavedWithoutWritingAgain() {
		List<UserDataWrite> writes = writes(USERS);
		this.store.saveAll(writes);
		resetServerStats();
		List<WriteResult> results = this.store.saveAll(writes);
		Map<String, Long> calls = commandCalls();
		report("retried batch", calls);
		assertThat(results).allMatch(
				(result) -> result.status() == WriteResult.Status.SAVED && result.storedVersion() == 1);
		// Per user: the version, then the data to compare; nothing written.
		assertThat(calls).containsEntry("evalsha", SCRIPT_CALLS).containsEntry("hget", 2L * USERS)
			.doesNotContainKeys("hset");
	}

	private void useConnectionFactory(RedisConnectionFactory connectionFactory) {
		this.counting = new CountingConnectionFactory(connectionFactory);
		this.store = new RedisUserDataStore(this.counting, redis.keyPrefix());
	}

	/** A first batch, which finds the script missing from Redis's cache and loads it. */
	private void loadScript() {
		this.store.saveAll(List.of(new UserDataWrite(newUserId(), "{}", 0)));
	}

	/**
	 * Saves a batch of new users, checks that every write was saved, and counts the
	 * commands Redis ran for it.
	 */
	private Map<String, Long> saveBatchAndCountCommands(String what) {
		List<UserDataWrite> writes = writes(USERS);
		resetServerStats();
		this.counting.reset();
		List<WriteResult> results = this.store.saveAll(writes);
		Map<String, Long> calls = commandCalls();
		report(what, calls);
		assertThat(results).hasSize(USERS).allMatch((result) -> result.status() == WriteResult.Status.SAVED);
		return calls;
	}

	private static List<UserDataWrite> writes(int count) {
		List<UserDataWrite> writes = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			writes.add(new UserDataWrite(newUserId(), "{\"coins\":" + i + "}", 0));
		}
		return writes;
	}

	private static String newUserId() {
		return "user-" + UUID.randomUUID();
	}

	private void resetServerStats() {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			connection.serverCommands().resetConfigStats();
		}
	}

	/** Calls per command since the reset, from {@code INFO commandstats}, without the test's own. */
	private Map<String, Long> commandCalls() {
		Properties stats;
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			stats = connection.serverCommands().info("commandstats");
		}
		Map<String, Long> calls = new TreeMap<>();
		stats.forEach((name, value) -> {
			String command = name.toString().replace("cmdstat_", "");
			if (name.toString().startsWith("cmdstat_") && !command.startsWith("config") && !command.equals("info")) {
				String count = value.toString().replaceAll("^calls=(\\d+),.*$", "$1");
				calls.put(command, Long.parseLong(count));
			}
		});
		return calls;
	}

	/** Prints the counts, for the record of what a batch costs. */
	private void report(String what, Map<String, Long> calls) {
		System.out.printf("%s of %d users: commands %s; round trips %d, connections %d%n", what, USERS, calls,
				this.counting.roundTrips(), this.counting.connections());
	}

}
