package dev.gamesessions.store.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.gamesessions.FlushReport;
import dev.gamesessions.Session;
import dev.gamesessions.SessionEvent;
import dev.gamesessions.SessionManager;
import dev.gamesessions.SessionManagerConfig;
import dev.gamesessions.store.StoredUserData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The engine on a {@link RedisUserDataStore} whose Redis goes away while players keep
 * changing their data: the writes queue up, are retried with backoff, and land once Redis
 * is back, none lost and none in conflict.
 */
class RedisUserDataStoreOutageTests {

	@RegisterExtension
	static final RedisTarget redis = RedisTarget.embedded();

	private static final int USERS = 5;

	private static final int ROUNDS = 30;

	@Test
	void writesDuringAnOutageAreRetriedUntilRedisIsBackAndNoneIsLost() throws Exception {
		RedisUserDataStore store = new RedisUserDataStore(redis.connectionFactory(), redis.keyPrefix());
		List<SessionEvent.PersistFailed> failures = new CopyOnWriteArrayList<>();
		SessionManagerConfig config = SessionManagerConfig.builder()
			.persistInterval(Duration.ZERO)
			.retryInitialBackoff(Duration.ofMillis(50))
			.retryMaxBackoff(Duration.ofMillis(500))
			.build();
		try (SessionManager manager = SessionManager.builder().config(config).userDataStore(store).build()) {
			manager.on(SessionEvent.PersistFailed.class, failures::add);
			List<Session> sessions = new ArrayList<>();
			for (int i = 0; i < USERS; i++) {
				Session session = manager.create();
				session.start();
				session.identify("player-" + i + "-" + UUID.randomUUID());
				sessions.add(session);
			}
			Map<String, Long> versionsBeforeOutage = new HashMap<>();
			for (int round = 1; round <= ROUNDS; round++) {
				if (round == 11) {
					CompletableFuture.allOf(persistRound(sessions, 10)).get();
					sessions.forEach((session) -> versionsBeforeOutage.put(session.userId(),
							store.version(session.userId()).orElseThrow()));
					redis.stopServer();
				}
				if (round == 21) {
					await().atMost(Duration.ofSeconds(10))
						.until(() -> manager.persistenceStatus().consecutiveFailures() >= 2);
					redis.startServer();
				}
				if (round != 10) {
					persistRound(sessions, round);
				}
			}
			FlushReport report = manager.flush(Duration.ofSeconds(30));
			assertThat(report.isComplete()).as("flush after the outage: %s", report).isTrue();
			// Reads share a connection that Lettuce reconnects by itself, a moment later than
			// the connections of the pipelined writes.
			await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
				for (Session session : sessions) {
					StoredUserData stored = store.load(session.userId()).orElseThrow();
					assertThat(stored.data()).isEqualTo("{\"counter\":" + ROUNDS + "}");
					assertThat(stored.version()).isGreaterThan(versionsBeforeOutage.get(session.userId()));
				}
			});
			assertThat(failures).isNotEmpty().allMatch(SessionEvent.PersistFailed::willRetry);
		}
	}

	private static CompletableFuture<?>[] persistRound(List<Session> sessions, int round) {
		List<CompletableFuture<Void>> writes = new ArrayList<>();
		for (Session session : sessions) {
			@SuppressWarnings("unchecked")
			Map<String, Object> data = session.userData(Map.class);
			data.put("counter", round);
			writes.add(session.persistAsync());
		}
		return writes.toArray(CompletableFuture[]::new);
	}

}
