package dev.gamesessions;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Listeners that act on their own session see, like every other listener, one order of
 * events: the lifecycle order, each event once, none delivered inside another.
 */
class EventOrderingTests {

	private final RecordingListener first = new RecordingListener();

	private final RecordingListener last = new RecordingListener();

	private SessionManager manager;

	@AfterEach
	void close() {
		if (this.manager != null) {
			this.manager.close();
		}
	}

	@Test
	void managerListenerDestroyingOnStartedLetsEveryListenerSeeStartedFirst() {
		this.manager = managerWith((event) -> {
			if (event instanceof SessionEvent.Started started) {
				started.session().destroy();
			}
		});
		Session session = this.manager.create();
		RecordingListener own = record(session);
		session.start();
		List<Class<?>> expected = List.of(SessionEvent.Started.class, SessionEvent.BeforeDestroy.class,
				SessionEvent.Destroyed.class);
		assertThat(own.typesFor(session)).containsExactlyElementsOf(expected);
		assertThat(this.first.typesFor(session)).containsExactlyElementsOf(prepend(expected));
		assertThat(this.last.typesFor(session)).containsExactlyElementsOf(prepend(expected));
		assertThat(session.state()).isEqualTo(SessionState.DESTROYED);
	}

	@Test
	void sessionListenerIdentifyingOnStartedLetsManagerListenersSeeStartedBeforeIdentified() {
		this.manager = managerWith((event) -> {
		});
		Session session = this.manager.create();
		session.on(SessionEvent.Started.class, (started) -> started.session().identify("guest-1"));
		RecordingListener own = record(session);
		session.start();
		List<Class<?>> expected = List.of(SessionEvent.Started.class, SessionEvent.Identified.class);
		assertThat(own.typesFor(session)).containsExactlyElementsOf(expected);
		assertThat(this.first.typesFor(session)).containsExactlyElementsOf(prepend(expected));
		assertThat(this.last.typesFor(session)).containsExactlyElementsOf(prepend(expected));
		assertThat(session.userId()).isEqualTo("guest-1");
	}

	@Test
	void listenerKickingOnIdentifiedLetsEveryListenerSeeIdentifiedBeforeKicked() {
		this.manager = managerWith((event) -> {
			if (event instanceof SessionEvent.Identified identified && identified.userId().equals("banned")) {
				this.manager.kick("banned", "You are banned");
			}
		});
		Session session = this.manager.create();
		RecordingListener own = record(session);
		session.start();
		session.identify("banned");
		List<Class<?>> expected = List.of(SessionEvent.Started.class, SessionEvent.Identified.class,
				SessionEvent.Kicked.class, SessionEvent.BeforeDestroy.class, SessionEvent.PersistUserData.class,
				SessionEvent.Destroyed.class);
		assertThat(own.typesFor(session)).containsExactlyElementsOf(expected);
		assertThat(this.first.typesFor(session)).containsExactlyElementsOf(prepend(expected));
		assertThat(this.last.typesFor(session)).containsExactlyElementsOf(prepend(expected));
		assertThat(this.manager.findByUserId("banned")).isEmpty();
	}

	@Test
	void destroyInsideAListenerCompletesRightAfterThatDelivery() {
		AtomicReference<SessionState> stateAfterDestroy = new AtomicReference<>();
		this.manager = managerWith((event) -> {
			if (event instanceof SessionEvent.Started started) {
				started.session().destroy();
				stateAfterDestroy.set(started.session().state());
			}
		});
		Session session = this.manager.create();
		session.start();
		assertThat(stateAfterDestroy).hasValue(SessionState.DESTROYING);
		assertThat(session.state()).isEqualTo(SessionState.DESTROYED);
		assertThat(this.manager.findById(session.id())).isEmpty();
	}

	@Test
	void callsOnOtherThreadsNeverWaitForASessionsListenerAndTheirEventsFollowIt() throws Exception {
		CountDownLatch inListener = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.manager = managerWith((event) -> {
			if (event instanceof SessionEvent.Started) {
				inListener.countDown();
				block(release);
			}
		});
		Session session = this.manager.create();
		CompletableFuture<Void> starting = CompletableFuture.runAsync(session::start);
		assertThat(inListener.await(10, TimeUnit.SECONDS)).isTrue();
		// The transport's close callback, while another thread is inside a listener of the
		// same session: it changes the state and returns without waiting.
		CompletableFuture.runAsync(session::disconnect).get(10, TimeUnit.SECONDS);
		assertThat(session.state()).isEqualTo(SessionState.DISCONNECTED);
		assertThat(this.last.typesFor(session)).containsExactly(SessionEvent.Created.class);
		release.countDown();
		starting.get(10, TimeUnit.SECONDS);
		assertThat(this.last.typesFor(session)).containsExactly(SessionEvent.Created.class,
				SessionEvent.Started.class, SessionEvent.Disconnected.class);
	}

	@Test
	void eachEventIsDeliveredOnceToEveryListenerUnderConcurrentCalls() throws Exception {
		this.manager = managerWith((event) -> {
		});
		for (int round = 0; round < 200; round++) {
			Session session = this.manager.create();
			session.start();
			CompletableFuture<?> a = CompletableFuture.runAsync(() -> session.identify("u" + session.id()));
			CompletableFuture<?> b = CompletableFuture.runAsync(session::disconnect);
			CompletableFuture.allOf(a, b).exceptionally((ex) -> null).get(10, TimeUnit.SECONDS);
			// Both callers have returned, so no delivery is under way: this one runs inline.
			session.destroy();
			assertThat(session.state()).isEqualTo(SessionState.DESTROYED);
			List<Class<?>> seen = this.first.typesFor(session);
			assertThat(this.last.typesFor(session)).isEqualTo(seen);
			assertThat(seen).startsWith(SessionEvent.Created.class, SessionEvent.Started.class)
				.endsWith(SessionEvent.BeforeDestroy.class, SessionEvent.Destroyed.class)
				.doesNotHaveDuplicates();
		}
	}

	@Test
	void shutdownEndsAndWritesUserDataWhenAListenerNeverReturns() throws Exception {
		ControllableUserDataStore store = new ControllableUserDataStore();
		CountDownLatch never = new CountDownLatch(1);
		this.manager = SessionManager.builder()
			.userDataStore(store)
			.config(SessionManagerConfig.builder().shutdownTimeout(Duration.ofSeconds(2)).build())
			.listener((event) -> {
				if (event instanceof SessionEvent.BeforeDestroy) {
					block(never);
				}
			})
			.build();
		Session session = TestSessions.identified(this.manager, "stuck");
		TestSessions.data(session).put("coins", 7);
		FlushReport report = CompletableFuture.supplyAsync(this.manager::shutdown).get(30, TimeUnit.SECONDS);
		assertThat(report.unwritten()).isEmpty();
		assertThat(store.stored("stuck")).isEqualTo("{\"coins\":7}");
		never.countDown();
	}

	@Test
	void aChangeALateListenerMakesAfterTheShutdownsLastWriteIsReportedNotDroppedSilently() throws Exception {
		ControllableUserDataStore store = new ControllableUserDataStore();
		CountDownLatch release = new CountDownLatch(1);
		RecordingListener recorder = new RecordingListener();
		this.manager = SessionManager.builder()
			.userDataStore(store)
			.config(SessionManagerConfig.builder().shutdownTimeout(Duration.ofSeconds(1)).build())
			.listener((event) -> {
				if (event instanceof SessionEvent.BeforeDestroy before) {
					block(release);
					TestSessions.data(before.session()).put("coins", 9);
				}
			})
			.listener(recorder)
			.build();
		Session session = TestSessions.identified(this.manager, "late");
		TestSessions.data(session).put("coins", 7);
		FlushReport report = CompletableFuture.supplyAsync(this.manager::shutdown).get(30, TimeUnit.SECONDS);
		assertThat(report.unwritten()).isEmpty();
		assertThat(store.stored("late")).isEqualTo("{\"coins\":7}");
		release.countDown();
		await().untilAsserted(() -> assertThat(recorder.ofType(SessionEvent.PersistFailed.class))
			.anySatisfy((failed) -> {
				assertThat(failed.userId()).isEqualTo("late");
				assertThat(failed.willRetry()).isFalse();
			}));
		assertThat(store.stored("late")).isEqualTo("{\"coins\":7}");
		assertThat(recorder.ofType(SessionEvent.PersistUserData.class)).isEmpty();
	}

	@Test
	void anErrorThrownByOneSessionsListenerAtShutdownLeavesTheOthersToEndNormally() throws Exception {
		ControllableUserDataStore store = new ControllableUserDataStore();
		RecordingListener recorder = new RecordingListener();
		this.manager = SessionManager.builder()
			.userDataStore(store)
			.config(SessionManagerConfig.builder().shutdownTimeout(Duration.ofSeconds(1)).build())
			.listener((event) -> {
				if (event instanceof SessionEvent.BeforeDestroy before
						&& "broken".equals(before.session().userId())) {
					throw new NoClassDefFoundError("a class the listener needs is gone");
				}
			})
			.listener(recorder)
			.build();
		for (int i = 0; i < 50; i++) {
			TestSessions.data(TestSessions.identified(this.manager, (i == 10) ? "broken" : "p" + i)).put("coins", i);
		}
		FlushReport report = CompletableFuture.supplyAsync(this.manager::shutdown).get(30, TimeUnit.SECONDS);
		assertThat(report.unwritten()).isEmpty();
		assertThat(recorder.ofType(SessionEvent.Destroyed.class)).hasSize(49);
		assertThat(store.stored("broken")).isEqualTo("{\"coins\":10}");
		assertThat(store.stored("p49")).isEqualTo("{\"coins\":49}");
	}

	@Test
	void connectionsClosingDuringShutdownEndTheirSessionsCleanly() throws Exception {
		this.manager = SessionManager.builder()
			.config(SessionManagerConfig.builder().reconnectGrace(Duration.ofMinutes(5)).build())
			.listener(this.last)
			.build();
		List<Session> sessions = new java.util.ArrayList<>();
		for (int i = 0; i < 200; i++) {
			sessions.add(TestSessions.identified(this.manager, "player-" + i));
		}
		// The web server closes every connection while the manager shuts down.
		CompletableFuture<Void> closingConnections = CompletableFuture
			.runAsync(() -> sessions.parallelStream().forEach(Session::disconnect));
		this.manager.shutdown();
		closingConnections.get(30, TimeUnit.SECONDS);
		assertThat(sessions).allMatch((session) -> session.state() == SessionState.DESTROYED);
		assertThat(this.last.ofType(SessionEvent.Destroyed.class)).hasSize(200)
			.extracting(SessionEvent.Destroyed::reason)
			.containsOnly(DestroyReason.SHUTDOWN);
	}

	private SessionManager managerWith(SessionListener middle) {
		return SessionManager.builder().listener(this.first).listener(middle).listener(this.last).build();
	}

	private static RecordingListener record(Session session) {
		RecordingListener own = new RecordingListener();
		session.addListener(own);
		return own;
	}

	private static List<Class<?>> prepend(List<Class<?>> types) {
		return java.util.stream.Stream.concat(java.util.stream.Stream.of(SessionEvent.Created.class), types.stream())
			.toList();
	}

	private static void block(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
