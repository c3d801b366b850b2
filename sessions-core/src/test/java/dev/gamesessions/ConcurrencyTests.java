package dev.gamesessions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class ConcurrencyTests {

	private final ControllableUserDataStore store = new ControllableUserDataStore();

	private final ExecutorService executor = Executors.newFixedThreadPool(8);

	private SessionManager manager;

	@AfterEach
	void close() throws InterruptedException {
		this.executor.shutdownNow();
		this.executor.awaitTermination(10, TimeUnit.SECONDS);
		if (this.manager != null) {
			this.manager.close();
		}
	}

	@Test
	void manyThreadsCreatingIdentifyingAndDestroyingKeepEachSessionsEventsInOrder() throws Exception {
		Map<Session, List<Class<?>>> perSession = new ConcurrentHashMap<>();
		this.manager = SessionManager.builder().userDataStore(this.store).listener((event) -> {
			Session session = event.session();
			if (session != null) {
				perSession.computeIfAbsent(session, (s) -> new CopyOnWriteArrayList<>()).add(event.getClass());
			}
		}).build();
		int users = 400;
		List<Future<?>> futures = new ArrayList<>();
		for (int i = 0; i < users; i++) {
			String userId = "u" + i;
			futures.add(this.executor.submit(() -> {
				Session session = this.manager.create();
				session.start();
				session.identify(userId);
				session.userData(Map.class).put("n", userId);
				this.executor.submit(session::disconnect);
				session.destroy(true);
			}));
		}
		for (Future<?> future : futures) {
			future.get(30, TimeUnit.SECONDS);
		}
		assertThat(this.manager.flush(Duration.ofSeconds(10)).isComplete()).isTrue();
		assertThat(this.manager.size()).isZero();
		assertThat(perSession).hasSize(users);
		perSession.values().forEach((types) -> {
			assertThat(types.subList(0, 3)).containsExactly(SessionEvent.Created.class, SessionEvent.Started.class,
					SessionEvent.Identified.class);
			assertThat(types.get(types.size() - 1)).isEqualTo(SessionEvent.Destroyed.class);
			assertThat(types.stream().filter(SessionEvent.Destroyed.class::equals)).hasSize(1);
			int before = types.indexOf(SessionEvent.BeforeDestroy.class);
			assertThat(before).isEqualTo(types.lastIndexOf(SessionEvent.BeforeDestroy.class));
			assertThat(types.subList(before, types.size())).doesNotContain(SessionEvent.Disconnected.class);
		});
		for (int i = 0; i < users; i++) {
			assertThat(this.store.stored("u" + i)).isEqualTo("{\"n\":\"u" + i + "\"}");
		}
	}

	@RepeatedTest(20)
	void simultaneousLoginsOfOneUserEndWithExactlyOneLiveSession() throws Exception {
		this.manager = SessionManager.builder().userDataStore(this.store).build();
		int contenders = 8;
		CountDownLatch start = new CountDownLatch(1);
		List<Session> sessions = new ArrayList<>();
		for (int i = 0; i < contenders; i++) {
			Session session = this.manager.create();
			session.start();
			sessions.add(session);
		}
		List<Future<?>> futures = new ArrayList<>();
		for (Session session : sessions) {
			futures.add(this.executor.submit(() -> {
				start.await();
				try {
					session.identify("same-user");
				}
				catch (IllegalSessionStateException ex) {
					// Kicked by a later login while this one was still identifying: ended, its
					// destroy finished by whichever thread runs its events.
					assertThat(session.state().isEnded()).isTrue();
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> future : futures) {
			future.get(30, TimeUnit.SECONDS);
		}
		assertThat(this.manager.size()).isEqualTo(1);
		assertThat(sessions).filteredOn((session) -> session.state() == SessionState.IDENTIFIED).hasSize(1);
		assertThat(this.manager.findByUserId("same-user")).isPresent()
			.get()
			.extracting(Session::state)
			.isEqualTo(SessionState.IDENTIFIED);
	}

	@Test
	void sessionsOfFewUsersComingAndGoingOnManyThreadsLeaveNoUserBehind() throws Exception {
		this.manager = SessionManager.builder()
			.config(SessionManagerConfig.builder().singleSessionPolicy(SingleSessionPolicy.ALLOW).build())
			.userDataStore(this.store)
			.build();
		int users = 8;
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> futures = new ArrayList<>();
		for (int t = 0; t < 8; t++) {
			int thread = t;
			futures.add(this.executor.submit(() -> {
				start.await();
				for (int i = 0; i < 500; i++) {
					String userId = "u" + ((thread + i) % users);
					Session session = this.manager.create();
					session.start();
					session.identify(userId);
					assertThat(this.manager.findByUserId(userId)).isPresent();
					assertThat(session.userData()).isNotNull();
					assertThat(session.destroy(false)).isTrue();
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> future : futures) {
			future.get(60, TimeUnit.SECONDS);
		}
		assertThat(this.manager.size()).isZero();
		for (int i = 0; i < users; i++) {
			assertThat(this.manager.findByUserId("u" + i)).isEmpty();
			Session session = TestSessions.identified(this.manager, "u" + i);
			assertThat(session.userData()).isNotNull();
			assertThat(this.manager.findByUserId("u" + i)).containsSame(session);
			session.destroy(false);
		}
	}

	@Test
	void tokensIssuedWhileTheSessionIsDestroyedNeverResolve() throws Exception {
		this.manager = SessionManager.builder().userDataStore(this.store).build();
		for (int i = 0; i < 500; i++) {
			Session session = this.manager.create();
			session.start();
			CountDownLatch start = new CountDownLatch(1);
			Future<String> first = this.executor.submit(() -> {
				start.await();
				return session.resumeToken();
			});
			Future<String> second = this.executor.submit(() -> {
				start.await();
				return session.resumeToken();
			});
			Future<Boolean> destroyed = this.executor.submit(() -> {
				start.await();
				return session.destroy(false);
			});
			start.countDown();
			String token = first.get(30, TimeUnit.SECONDS);
			assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo(token);
			assertThat(destroyed.get(30, TimeUnit.SECONDS)).isTrue();
			assertThatExceptionOfType(InvalidSessionException.class).isThrownBy(() -> this.manager.resume(token))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(InvalidReason.UNKNOWN));
		}
	}

	@Test
	void tokensIssuedWhileTheSessionIsResumedResolveOnlyWhenCurrent() throws Exception {
		this.manager = SessionManager.builder().userDataStore(this.store).build();
		Session session = this.manager.create();
		session.start();
		for (int i = 0; i < 500; i++) {
			String presented = session.resumeToken();
			CountDownLatch start = new CountDownLatch(1);
			Future<String> asked = this.executor.submit(() -> {
				start.await();
				return session.resumeToken();
			});
			Future<Session> resumed = this.executor.submit(() -> {
				start.await();
				return this.manager.resume(presented);
			});
			start.countDown();
			String token = asked.get(30, TimeUnit.SECONDS);
			assertThat(resumed.get(30, TimeUnit.SECONDS)).isSameAs(session);
			String current = session.resumeToken();
			if (!token.equals(current)) {
				assertThatExceptionOfType(InvalidSessionException.class)
					.isThrownBy(() -> this.manager.resume(token))
					.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(InvalidReason.UNKNOWN));
			}
			assertThat(session.resumeToken()).isEqualTo(current);
		}
		assertThat(this.manager.resume(session.resumeToken())).isSameAs(session);
	}

	@Test
	void concurrentMutationsAndPersistsOfOneUserLoseNothing() throws Exception {
		this.manager = SessionManager.builder()
			.config(SessionManagerConfig.builder().persistInterval(Duration.ofMillis(5)).build())
			.userDataStore(this.store)
			.build();
		Session session = this.manager.create();
		session.start();
		session.identify("counter");
		AtomicInteger counter = new AtomicInteger();
		List<Future<?>> futures = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			futures.add(this.executor.submit(() -> {
				for (int i = 0; i < 250; i++) {
					synchronized (session) {
						session.userData(Map.class).put("count", counter.incrementAndGet());
					}
					if (i % 10 == 0) {
						session.persistAsync();
					}
				}
			}));
		}
		for (Future<?> future : futures) {
			future.get(30, TimeUnit.SECONDS);
		}
		synchronized (session) {
			session.persistNow();
		}
		assertThat(this.store.stored("counter")).isEqualTo("{\"count\":1000}");
		assertThat(this.store.appliedFor("counter")).extracting((write) -> write.expectedVersion()).isSorted();
	}

	@Test
	void resumeRacingGraceExpiryEitherResumesOrFailsCleanly() throws Exception {
		this.manager = SessionManager.builder()
			.config(SessionManagerConfig.builder().reconnectGrace(Duration.ofMillis(1)).build())
			.userDataStore(this.store)
			.build();
		for (int i = 0; i < 200; i++) {
			Session session = this.manager.create();
			session.start();
			String token = session.resumeToken();
			session.disconnect();
			try {
				Session resumed = this.manager.resume(token);
				assertThat(resumed.state()).isEqualTo(SessionState.STARTED);
				resumed.destroy();
			}
			catch (InvalidSessionException ex) {
				// The grace window ended first; the destroy finishes on the event executor.
				assertThat(session.state().isEnded()).isTrue();
			}
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.manager.size() == 0);
	}

}
