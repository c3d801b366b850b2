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
import dev.gamesessions.HandOverTimeoutException;
import dev.gamesessions.OwnershipLostException;
import dev.gamesessions.SessionState;
import dev.gamesessions.SingleSessionPolicy;
import dev.gamesessions.UserAlreadyOnlineException;
import dev.gamesessions.UserDirectory;
import dev.gamesessions.store.GatedUserDataStore;
import dev.gamesessions.store.StoredUserData;
import dev.gamesessions.store.UserDataStore;
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
		return node(name, policy, Duration.ofSeconds(5), (store) -> store,
				new RedisUserDirectory(this.redis.pooledConnectionFactory(), this.redis.keyPrefix(), name,
						Duration.ofSeconds(2), Clock.systemUTC()));
	}

	private SessionManager node(String name, SingleSessionPolicy policy, Duration persistTimeout,
			java.util.function.UnaryOperator<UserDataStore> store, UserDirectory directory) {
		SessionManager manager = SessionManager.builder()
			.config(SessionManagerConfig.builder()
				.singleSessionPolicy(policy)
				.persistInterval(Duration.ZERO)
				.persistTimeout(persistTimeout)
				.cacheLimit(0)
				.build())
			.userDataStore(store.apply(userDataStore()))
			.userDirectory(directory)
			.listener(this.events::add)
			.build();
		this.nodes.add(manager);
		return manager;
	}

	private RedisUserDataStore userDataStore() {
		return new RedisUserDataStore(this.redis.pooledConnectionFactory(), this.redis.keyPrefix());
	}

	@Test
	void aStalledOldOwnerMakesTheLoginFailInsteadOfLoadingStaleData() throws Exception {
		GatedUserDataStore stalled = new GatedUserDataStore(userDataStore());
		SessionManager a = node("node-a", SingleSessionPolicy.KICK_PREVIOUS, Duration.ofSeconds(5), (ignored) -> stalled,
				directory("node-a"));
		SessionManager b = node("node-b", SingleSessionPolicy.KICK_PREVIOUS, Duration.ofMillis(500), (s) -> s,
				directory("node-b"));
		Session onA = identified(a, "gus");
		data(onA).put("coins", 5);
		onA.persistNow();
		data(onA).put("coins", 6);
		stalled.shut();
		Session onB = b.create();
		onB.start();
		assertThatExceptionOfType(HandOverTimeoutException.class).isThrownBy(() -> onB.identify("gus"))
			.withMessageContaining("node-a");
		// Refused, not carried on: nothing loaded, and the entry is node A's again.
		assertThat(onB.state()).isEqualTo(SessionState.STARTED);
		assertThat(onB.userData()).isNull();
		// Node A got the kick: once its store answers, it writes what the player had.
		stalled.open();
		await().atMost(Duration.ofSeconds(10)).until(() -> onA.state() == SessionState.DESTROYED);
		await().atMost(Duration.ofSeconds(10)).until(() -> b.locate("gus").isEmpty());
		onB.identify("gus");
		assertThat(onB.userData()).isEqualTo(Map.of("coins", 6));
	}

	@Test
	void identifyAsyncNeverHoldsTheCallersThreadWhileTheOldOwnerIsSlow() throws Exception {
		GatedUserDataStore stalled = new GatedUserDataStore(userDataStore());
		SessionManager a = node("node-a", SingleSessionPolicy.KICK_PREVIOUS, Duration.ofSeconds(5), (ignored) -> stalled,
				directory("node-a"));
		SessionManager b = node("node-b", SingleSessionPolicy.KICK_PREVIOUS, Duration.ofSeconds(5), (s) -> s,
				directory("node-b"));
		data(identified(a, "hal")).put("coins", 9);
		stalled.shut();
		Session onB = b.create();
		onB.start();
		java.util.concurrent.CompletableFuture<Void> login = onB.identifyAsync("hal");
		assertThat(login).isNotDone();
		stalled.open();
		assertThat(login).succeedsWithin(Duration.ofSeconds(10));
		assertThat(onB.userData()).isEqualTo(Map.of("coins", 9));
	}

	@Test
	void aNodeOutOfTouchLongerThanItsEntriesLiveWritesNothingOverTheNewOwner() {
		PausableDirectory pausable = new PausableDirectory(new RedisUserDirectory(this.redis.pooledConnectionFactory(),
				this.redis.keyPrefix(), "node-a", Duration.ofMillis(900), Clock.systemUTC()));
		SessionManager a = node("node-a", SingleSessionPolicy.KICK_PREVIOUS, Duration.ofSeconds(5), (s) -> s,
				pausable);
		SessionManager b = node("node-b", SingleSessionPolicy.KICK_PREVIOUS, Duration.ofSeconds(5), (s) -> s,
				directory("node-b"));
		Session onA = identified(a, "ida");
		data(onA).put("coins", 1);
		onA.persistNow();
		// Node A is cut off from the directory longer than its entries live; node B takes over.
		pausable.paused = true;
		await().atMost(Duration.ofSeconds(10)).until(() -> b.locate("ida").isEmpty());
		Session onB = identified(b, "ida");
		assertThat(onB.userData()).isEqualTo(Map.of("coins", 1));
		// Node A comes back with a change: it learns it lost the user and writes nothing.
		pausable.paused = false;
		data(onA).put("coins", 2);
		java.util.concurrent.CompletableFuture<Void> late = onA.persistAsync();
		assertThat(late).failsWithin(Duration.ofSeconds(10))
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.withCauseInstanceOf(OwnershipLostException.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> onA.state() == SessionState.DESTROYED);
		// The new owner's progress is safe: its write goes through, nothing conflicts.
		data(onB).put("coins", 100);
		onB.persistNow();
		assertThat(userDataStore().load("ida").map(StoredUserData::data)).hasValue("{\"coins\":100}");
		assertThat(b.locate("ida")).get().extracting(UserDirectory.Entry::nodeId).isEqualTo("node-b");
	}

	@Test
	void hundredsOfUsersLoggingInOnTwoNodesAtOnceEndWithExactlyOneLiveSessionEach() throws Exception {
		SessionManager a = node("node-a", SingleSessionPolicy.KICK_PREVIOUS);
		SessionManager b = node("node-b", SingleSessionPolicy.KICK_PREVIOUS);
		int users = 300;
		List<java.util.concurrent.CompletableFuture<Void>> logins = new ArrayList<>();
		List<Session> sessions = new ArrayList<>();
		for (int i = 0; i < users; i++) {
			for (SessionManager node : List.of(a, b)) {
				Session session = node.create();
				session.start();
				sessions.add(session);
				logins.add(session.identifyAsync("wave-" + i).exceptionally((ex) -> null));
			}
		}
		java.util.concurrent.CompletableFuture.allOf(logins.toArray(java.util.concurrent.CompletableFuture[]::new))
			.get(60, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			for (int i = 0; i < users; i++) {
				String userId = "wave-" + i;
				List<Session> live = sessions.stream()
					.filter((s) -> s.state() == SessionState.IDENTIFIED && userId.equals(s.userId()))
					.toList();
				assertThat(live).as(userId).hasSize(1);
				assertThat(a.locate(userId)).as(userId).get().extracting(UserDirectory.Entry::sessionId)
					.isEqualTo(live.get(0).id());
			}
		});
	}

	private RedisUserDirectory directory(String name) {
		return new RedisUserDirectory(this.redis.pooledConnectionFactory(), this.redis.keyPrefix(), name,
				Duration.ofSeconds(2), Clock.systemUTC());
	}

	/** A directory whose heartbeats do not arrive while paused, as from a frozen node. */
	private static final class PausableDirectory implements UserDirectory {

		private final UserDirectory delegate;

		volatile boolean paused;

		PausableDirectory(UserDirectory delegate) {
			this.delegate = delegate;
		}

		@Override
		public String nodeId() {
			return this.delegate.nodeId();
		}

		@Override
		public UserDirectory.@org.jspecify.annotations.Nullable Entry claim(String userId, String sessionId,
				SingleSessionPolicy policy) {
			return this.delegate.claim(userId, sessionId, policy);
		}

		@Override
		public void release(String userId, String sessionId) {
			this.delegate.release(userId, sessionId);
		}

		@Override
		public boolean rename(String userId, String oldSessionId, String newSessionId) {
			return this.delegate.rename(userId, oldSessionId, newSessionId);
		}

		@Override
		public java.util.Optional<Entry> locate(String userId) {
			return this.delegate.locate(userId);
		}

		@Override
		public java.util.Set<String> refresh(Map<String, String> sessionsByUser) {
			if (this.paused) {
				throw new dev.gamesessions.store.StoreException("paused (test)");
			}
			return this.delegate.refresh(sessionsByUser);
		}

		@Override
		public void revert(String userId, String sessionId, Entry previous) {
			this.delegate.revert(userId, sessionId, previous);
		}

		@Override
		public Duration heartbeatInterval() {
			return this.delegate.heartbeatInterval();
		}

		@Override
		public java.util.concurrent.CompletableFuture<Void> requestKick(Entry entry, String reason) {
			return this.delegate.requestKick(entry, reason);
		}

		@Override
		public void listen(KickHandler handler) {
			this.delegate.listen(handler);
		}

		@Override
		public void close() {
			this.delegate.close();
		}

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
	void retriedLoginsOfACrashedNodesUserDoNotKeepItsEntryAlive() {
		SessionManager b = node("node-b", SingleSessionPolicy.KICK_PREVIOUS, Duration.ofMillis(300), (s) -> s,
				directory("node-b"));
		RedisUserDirectory crashed = new RedisUserDirectory(this.redis.pooledConnectionFactory(), this.redis.keyPrefix(),
				"node-crashed", Duration.ofSeconds(2), Clock.systemUTC());
		crashed.claim("jon", "AAAAAAAAAAAAAAAAAAAAAA", SingleSessionPolicy.KICK_PREVIOUS);
		Session onB = b.create();
		onB.start();
		// Each refused login gives the entry back with the time it had left, not a new lease:
		// the dead node's entry expires and a login gets in.
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
			try {
				onB.identify("jon");
				return true;
			}
			catch (HandOverTimeoutException ex) {
				return false;
			}
		});
		assertThat(b.locate("jon")).get().extracting(UserDirectory.Entry::nodeId).isEqualTo("node-b");
	}

	@Test
	void entriesLostWithARedisRestartArePutBackAndTheirUsersStayWritable() {
		SessionManager a = node("node-a", SingleSessionPolicy.KICK_PREVIOUS);
		Session onA = identified(a, "kim");
		RedisUserDirectory directory = directory("node-x");
		try (org.springframework.data.redis.connection.RedisConnection connection = this.redis.connectionFactory()
			.getConnection()) {
			connection.keyCommands().del(directory.key("kim").getBytes(java.nio.charset.StandardCharsets.UTF_8));
		}
		assertThat(directory.locate("kim")).isEmpty();
		await().atMost(Duration.ofSeconds(10)).until(() -> directory.locate("kim").isPresent());
		assertThat(directory.locate("kim")).get().extracting(UserDirectory.Entry::sessionId).isEqualTo(onA.id());
		data(onA).put("coins", 5);
		onA.persistNow();
		assertThat(onA.state()).isEqualTo(SessionState.IDENTIFIED);
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
