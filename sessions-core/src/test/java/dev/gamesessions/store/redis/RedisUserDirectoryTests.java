package dev.gamesessions.store.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.gamesessions.Session;
import dev.gamesessions.SessionEvent;
import dev.gamesessions.SessionManager;
import dev.gamesessions.SessionManagerConfig;
import dev.gamesessions.SessionState;
import dev.gamesessions.SingleSessionPolicy;
import dev.gamesessions.UserAlreadyOnlineException;
import dev.gamesessions.UserDirectory;
import dev.gamesessions.store.StoredUserData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.gamesessions.TestSessions.data;
import static dev.gamesessions.TestSessions.identified;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Several nodes (session managers) sharing one Redis: the directory, cross-node kicks,
 * simultaneous logins, crashes and graceful shutdown.
 */
abstract class RedisUserDirectoryTests {

	private final RedisTarget redis = redis();

	private final List<SessionManager> nodes = new ArrayList<>();

	abstract RedisTarget redis();

	private final List<SessionEvent> events = java.util.Collections.synchronizedList(new ArrayList<>());

	@AfterEach
	void closeNodes() {
		this.nodes.forEach(SessionManager::close);
	}

	private SessionManager node(String name, SingleSessionPolicy policy) {
		RedisUserDirectory directory = new RedisUserDirectory(this.redis.pooledConnectionFactory(), this.redis.keyPrefix(), name,
				Duration.ofSeconds(2), Clock.systemUTC());
		SessionManager manager = SessionManager.builder()
			.config(SessionManagerConfig.builder()
				.singleSessionPolicy(policy)
				.persistInterval(Duration.ZERO)
				.userCacheLimit(0)
				.build())
			.userDataStore(new RedisUserDataStore(this.redis.pooledConnectionFactory(), this.redis.keyPrefix()))
			.userDirectory(directory)
			.listener(this.events::add)
			.build();
		this.nodes.add(manager);
		return manager;
	}

	@Test
	void loginOnAnotherNodeKicksTheFirstAndHandsOverItsLatestData() {
		SessionManager a = node("node-a", SingleSessionPolicy.KICK_PREVIOUS);
		SessionManager b = node("node-b", SingleSessionPolicy.KICK_PREVIOUS);
		Session onA = identified(a, "ann");
		data(onA).put("coins", 42);
		assertThat(b.locate("ann")).get().satisfies((entry) -> {
			assertThat(entry.nodeId()).isEqualTo("node-a");
			assertThat(entry.sessionId()).isEqualTo(onA.id());
		});
		Session onB = identified(b, "ann");
		// Node A wrote the user before confirming; its listeners run on its event executor.
		assertThat(onA.state().isEnded()).isTrue();
		await().atMost(Duration.ofSeconds(10)).until(() -> onA.state() == SessionState.DESTROYED);
		assertThat(onB.userData()).isEqualTo(Map.of("coins", 42));
		assertThat(this.events).filteredOn(SessionEvent.Kicked.class::isInstance)
			.singleElement()
			.satisfies((event) -> assertThat(event.session()).isSameAs(onA));
		assertThat(a.locate("ann")).get().extracting(UserDirectory.Entry::nodeId).isEqualTo("node-b");
		data(onB).put("coins", 43);
		onB.persistNow();
	}

	@Test
	void renewPointsTheDirectoryAtTheNewIdSoRemoteKicksStillReachTheSession() {
		SessionManager a = node("node-a", SingleSessionPolicy.KICK_PREVIOUS);
		SessionManager b = node("node-b", SingleSessionPolicy.KICK_PREVIOUS);
		Session onA = identified(a, "rey");
		String oldId = onA.id();
		onA.renew();
		assertThat(onA.id()).isNotEqualTo(oldId);
		assertThat(b.locate("rey")).get().satisfies((entry) -> {
			assertThat(entry.nodeId()).isEqualTo("node-a");
			assertThat(entry.sessionId()).isEqualTo(onA.id());
		});
		assertThat(b.kick("rey", "maintenance")).isEqualTo(1);
		await().atMost(Duration.ofSeconds(10)).until(() -> onA.state() == SessionState.DESTROYED);
		assertThat(b.locate("rey")).isEmpty();
	}

	@Test
	void rejectNewRefusesALoginOnAnotherNode() {
		SessionManager a = node("node-a", SingleSessionPolicy.REJECT_NEW);
		SessionManager b = node("node-b", SingleSessionPolicy.REJECT_NEW);
		Session onA = identified(a, "bob");
		Session onB = b.create();
		onB.start();
		assertThatExceptionOfType(UserAlreadyOnlineException.class).isThrownBy(() -> onB.identify("bob"))
			.withMessageContaining("node-a");
		assertThat(onB.state()).isEqualTo(SessionState.STARTED);
		assertThat(onA.state()).isEqualTo(SessionState.IDENTIFIED);
		onA.destroy();
		onB.identify("bob");
		assertThat(b.locate("bob")).get().extracting(UserDirectory.Entry::nodeId).isEqualTo("node-b");
	}

	@Test
	void operatorKickReachesTheOwningNode() {
		SessionManager a = node("node-a", SingleSessionPolicy.KICK_PREVIOUS);
		SessionManager b = node("node-b", SingleSessionPolicy.KICK_PREVIOUS);
		Session onA = identified(a, "cat");
		assertThat(b.kick("cat", "server maintenance")).isEqualTo(1);
		await().atMost(Duration.ofSeconds(5)).until(() -> onA.state() == SessionState.DESTROYED);
		assertThat(this.events).filteredOn(SessionEvent.Kicked.class::isInstance)
			.singleElement()
			.satisfies((event) -> assertThat(((SessionEvent.Kicked) event).reason()).isEqualTo("server maintenance"));
		await().atMost(Duration.ofSeconds(5)).until(() -> b.locate("cat").isEmpty());
	}

	@Test
	void simultaneousLoginsOnTwoNodesLeaveExactlyOneLiveSession() throws Exception {
		SessionManager a = node("node-a", SingleSessionPolicy.KICK_PREVIOUS);
		SessionManager b = node("node-b", SingleSessionPolicy.KICK_PREVIOUS);
		ExecutorService executor = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < 30; round++) {
				String userId = "race-" + round;
				Session onA = a.create();
				onA.start();
				Session onB = b.create();
				onB.start();
				CountDownLatch go = new CountDownLatch(1);
				Future<?> first = executor.submit(() -> identifyQuietly(onA, userId, go));
				Future<?> second = executor.submit(() -> identifyQuietly(onB, userId, go));
				go.countDown();
				first.get(30, TimeUnit.SECONDS);
				second.get(30, TimeUnit.SECONDS);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> List.of(onA, onB).stream().filter((s) -> s.state() == SessionState.IDENTIFIED).count() == 1);
				Session winner = (onA.state() == SessionState.IDENTIFIED) ? onA : onB;
				assertThat(a.locate(userId)).get().extracting(UserDirectory.Entry::sessionId).isEqualTo(winner.id());
				winner.destroy();
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static Void identifyQuietly(Session session, String userId, CountDownLatch go) throws InterruptedException {
		go.await();
		try {
			session.identify(userId);
		}
		catch (RuntimeException ex) {
			// Kicked by the other node's login while this one was still identifying.
		}
		return null;
	}

	@Test
	void crashedNodesEntriesExpireWithinTheTimeToLive() {
		SessionManager b = node("node-b", SingleSessionPolicy.KICK_PREVIOUS);
		RedisUserDirectory crashed = new RedisUserDirectory(this.redis.pooledConnectionFactory(), this.redis.keyPrefix(),
				"node-crashed", Duration.ofSeconds(1), Clock.systemUTC());
		crashed.claim("dan", "AAAAAAAAAAAAAAAAAAAAAA", SingleSessionPolicy.KICK_PREVIOUS);
		assertThat(b.locate("dan")).get().extracting(UserDirectory.Entry::nodeId).isEqualTo("node-crashed");
		// The node is gone: no heartbeat, no release.
		await().atMost(Duration.ofSeconds(5)).until(() -> b.locate("dan").isEmpty());
		assertThat(identified(b, "dan").state()).isEqualTo(SessionState.IDENTIFIED);
	}

	@Test
	void heartbeatsKeepALiveNodesEntries() {
		SessionManager a = node("node-a", SingleSessionPolicy.KICK_PREVIOUS);
		identified(a, "eve");
		await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> true);
		assertThat(a.locate("eve")).isPresent();
		assertThat(new RedisUserDirectory(this.redis.pooledConnectionFactory(), this.redis.keyPrefix()).locate("eve")).isPresent();
	}

	@Test
	void gracefulShutdownPersistsThenRemovesItsEntries() {
		SessionManager a = node("node-a", SingleSessionPolicy.KICK_PREVIOUS);
		SessionManager b = node("node-b", SingleSessionPolicy.KICK_PREVIOUS);
		Session onA = identified(a, "fay");
		data(onA).put("coins", 7);
		a.close();
		assertThat(b.locate("fay")).isEmpty();
		assertThat(new RedisUserDataStore(this.redis.pooledConnectionFactory(), this.redis.keyPrefix()).load("fay")
			.map(StoredUserData::data)).hasValue("{\"coins\":7}");
		assertThat(identified(b, "fay").userData()).isEqualTo(Map.of("coins", 7));
	}

	@Test
	void directoryStaysConsistentThroughRandomOperationsAcrossThreeNodes() {
		List<SessionManager> cluster = List.of(node("n1", SingleSessionPolicy.KICK_PREVIOUS),
				node("n2", SingleSessionPolicy.KICK_PREVIOUS), node("n3", SingleSessionPolicy.KICK_PREVIOUS));
		Random random = new Random(42);
		List<Session> open = new ArrayList<>();
		for (int i = 0; i < 500; i++) {
			int operation = random.nextInt(3);
			if (operation == 0 || open.isEmpty()) {
				Session session = cluster.get(random.nextInt(3)).create();
				session.start();
				open.add(session);
			}
			else if (operation == 1) {
				Session session = open.get(random.nextInt(open.size()));
				if (session.state() == SessionState.STARTED) {
					session.identify("user-" + random.nextInt(20));
				}
			}
			else {
				open.remove(random.nextInt(open.size())).destroy();
			}
		}
		for (int user = 0; user < 20; user++) {
			String userId = "user-" + user;
			List<Session> live = new ArrayList<>();
			for (SessionManager node : cluster) {
				node.findByUserId(userId).ifPresent(live::add);
			}
			assertThat(live).as(userId).hasSizeLessThanOrEqualTo(1);
			var entry = new RedisUserDirectory(this.redis.pooledConnectionFactory(), this.redis.keyPrefix()).locate(userId);
			if (live.isEmpty()) {
				assertThat(entry).as(userId).isEmpty();
			}
			else {
				assertThat(entry).as(userId).get().extracting(UserDirectory.Entry::sessionId).isEqualTo(live.get(0).id());
			}
		}
	}

}
