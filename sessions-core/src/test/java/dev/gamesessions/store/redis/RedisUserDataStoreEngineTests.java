package dev.gamesessions.store.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.gamesessions.CorruptDataException;
import dev.gamesessions.CorruptDataPolicy;
import dev.gamesessions.Session;
import dev.gamesessions.SessionEvent;
import dev.gamesessions.SessionManager;
import dev.gamesessions.SessionManagerConfig;
import dev.gamesessions.SessionState;
import dev.gamesessions.VersionConflictException;
import dev.gamesessions.store.StoredUserData;
import dev.gamesessions.store.UserDataWrite;
import dev.gamesessions.store.WriteResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import static dev.gamesessions.TestSessions.data;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The engine on a {@link RedisUserDataStore}: two nodes writing one user, and records
 * damaged by hand in Redis.
 */
class RedisUserDataStoreEngineTests {

	@RegisterExtension
	static final RedisTarget redis = RedisTarget.embedded();

	private RedisConnectionFactory connectionFactory;

	private RedisUserDataStore store;

	private final List<SessionManager> managers = new CopyOnWriteArrayList<>();

	@BeforeEach
	void createStore() {
		this.connectionFactory = redis.connectionFactory();
		this.store = new RedisUserDataStore(this.connectionFactory, redis.keyPrefix());
	}

	@AfterEach
	void closeManagers() {
		this.managers.forEach(SessionManager::close);
	}

	@Test
	void whenTwoNodesWriteOneUserTheFirstWinsAndTheOtherGetsAConflict() {
		String userId = newUserId();
		SessionManager nodeA = manager(CorruptDataPolicy.FAIL);
		SessionManager nodeB = manager(CorruptDataPolicy.FAIL);
		List<SessionEvent.PersistFailed> failuresOfB = new CopyOnWriteArrayList<>();
		nodeB.on(SessionEvent.PersistFailed.class, failuresOfB::add);
		Session onA = identified(nodeA, userId);
		data(onA).put("coins", 1);
		onA.persistNow();
		Session onB = identified(nodeB, userId);
		assertThat(data(onB)).containsEntry("coins", 1);
		data(onA).put("coins", 2);
		onA.persistNow();
		data(onB).put("coins", 99);
		assertThatExceptionOfType(VersionConflictException.class).isThrownBy(onB::persistNow)
			.satisfies((ex) -> {
				assertThat(ex.getExpectedVersion()).isEqualTo(1);
				assertThat(ex.getStoredVersion()).isEqualTo(2);
			});
		// The event follows the failed future from the persister's thread.
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(failuresOfB).singleElement().satisfies((failure) -> {
				assertThat(failure.userId()).isEqualTo(userId);
				assertThat(failure.cause()).isInstanceOf(VersionConflictException.class);
				assertThat(failure.willRetry()).isFalse();
			}));
		assertThat(this.store.load(userId)).hasValue(new StoredUserData(userId, "{\"coins\":2}", 2));
	}

	@Test
	void undecodableDataFailsIdentifyUnderTheFailPolicyAndLeavesOtherUsersAlone() {
		String corrupt = newUserId();
		writeRawHash(corrupt, "3", "{\"coins\": oops");
		SessionManager manager = manager(CorruptDataPolicy.FAIL);
		Session session = started(manager);
		assertThatExceptionOfType(CorruptDataException.class).isThrownBy(() -> session.identify(corrupt))
			.withMessageContaining(corrupt);
		assertThat(session.state()).isEqualTo(SessionState.STARTED);
		assertThat(rawField(corrupt, "data")).isEqualTo("{\"coins\": oops");
		assertOtherUsersUnaffected(manager);
	}

	@Test
	void undecodableDataIsResetUnderTheResetPolicyAndReplacedAtTheNextPersist() {
		String corrupt = newUserId();
		writeRawHash(corrupt, "3", "not json at all");
		SessionManager manager = manager(CorruptDataPolicy.RESET);
		Session session = identified(manager, corrupt);
		assertThat(data(session)).isEmpty();
		data(session).put("coins", 5);
		session.persistNow();
		assertThat(this.store.load(corrupt)).hasValue(new StoredUserData(corrupt, "{\"coins\":5}", 4));
		assertOtherUsersUnaffected(manager);
	}

	@Test
	void keyOfAnotherTypeIsAClearErrorUnderEitherPolicyAndIsNeverOverwritten() {
		String damaged = newUserId();
		String key = this.store.key(damaged);
		rawCommand("SET", key, "someone else's string");
		for (CorruptDataPolicy policy : CorruptDataPolicy.values()) {
			SessionManager manager = manager(policy);
			Session session = started(manager);
			assertThatExceptionOfType(RedisDataFormatException.class).isThrownBy(() -> session.identify(damaged))
				.withMessageContaining(key)
				.withMessageNotContaining("someone else's string");
			assertOtherUsersUnaffected(manager);
		}
		assertThat(this.store.saveAll(List.of(new UserDataWrite(damaged, "{}", 0))))
			.containsExactly(new WriteResult(damaged, WriteResult.Status.CONFLICT, 0));
		assertThat(rawCommand("GET", key)).isEqualTo("someone else's string");
	}

	@Test
	void hashWithoutTheFieldsOfTheStoreIsAClearError() {
		String damaged = newUserId();
		String key = this.store.key(damaged);
		rawCommand("HSET", key, "something", "else");
		assertThatExceptionOfType(RedisDataFormatException.class).isThrownBy(() -> this.store.load(damaged))
			.withMessageContaining(key);
		assertThat(this.store.saveAll(List.of(new UserDataWrite(damaged, "{}", 0))))
			.containsExactly(new WriteResult(damaged, WriteResult.Status.CONFLICT, 0));
	}

	@Test
	void recordsAreReadableWithRedisCli() {
		String userId = newUserId();
		this.store.saveAll(List.of(new UserDataWrite(userId, "{\"coins\":7}", 0)));
		assertThat(rawField(userId, "v")).isEqualTo("1");
		assertThat(rawField(userId, "version")).isEqualTo("1");
		assertThat(rawField(userId, "data")).isEqualTo("{\"coins\":7}");
		assertThat(this.store.key(userId)).isEqualTo(redis.keyPrefix() + "user:" + userId);
	}

	private void assertOtherUsersUnaffected(SessionManager manager) {
		String other = newUserId();
		Session session = identified(manager, other);
		data(session).put("fine", true);
		session.persistNow();
		assertThat(this.store.load(other).orElseThrow().data()).isEqualTo("{\"fine\":true}");
	}

	private SessionManager manager(CorruptDataPolicy policy) {
		SessionManager manager = SessionManager.builder()
			.config(SessionManagerConfig.builder()
				.persistInterval(Duration.ZERO)
				.corruptDataPolicy(policy)
				.retryInitialBackoff(Duration.ofMillis(50))
				.retryMaxBackoff(Duration.ofMillis(500))
				.build())
			.userDataStore(new RedisUserDataStore(redis.connectionFactory(), redis.keyPrefix()))
			.build();
		this.managers.add(manager);
		return manager;
	}

	private static Session started(SessionManager manager) {
		Session session = manager.create();
		session.start();
		return session;
	}

	private static Session identified(SessionManager manager, String userId) {
		Session session = started(manager);
		session.identify(userId);
		return session;
	}

	private static String newUserId() {
		return "user-" + UUID.randomUUID();
	}

	private void writeRawHash(String userId, String version, String data) {
		rawCommand("HSET", this.store.key(userId), "v", "1", "version", version, "data", data);
	}

	private String rawField(String userId, String field) {
		return rawCommand("HGET", this.store.key(userId), field);
	}

	/** A command as redis-cli sends it, arguments as UTF-8 strings; answers a string or null. */
	private String rawCommand(String command, String... args) {
		byte[][] raw = new byte[args.length][];
		for (int i = 0; i < args.length; i++) {
			raw[i] = args[i].getBytes(StandardCharsets.UTF_8);
		}
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			Object answer = connection.execute(command, raw);
			return (answer instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(answer);
		}
	}

}
