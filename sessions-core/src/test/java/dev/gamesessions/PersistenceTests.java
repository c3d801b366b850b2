package dev.gamesessions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import dev.gamesessions.store.NoOpUserDataStore;
import dev.gamesessions.store.StoreException;
import dev.gamesessions.store.StoredUserData;
import dev.gamesessions.store.UserDataStore;
import dev.gamesessions.store.UserDataWrite;
import dev.gamesessions.store.WriteResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.gamesessions.TestSessions.data;
import static dev.gamesessions.TestSessions.identified;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class PersistenceTests {

	private final RecordingListener recorder = new RecordingListener();

	private final ControllableUserDataStore store = new ControllableUserDataStore();

	private SessionManager manager = manager(SessionManagerConfig.builder());

	private SessionManager manager(SessionManagerConfig.Builder config) {
		return SessionManager.builder()
			.config(config.retryInitialBackoff(Duration.ofMillis(10)).retryMaxBackoff(Duration.ofMillis(50)).build())
			.userDataStore(this.store)
			.listener(this.recorder)
			.build();
	}

	@AfterEach
	void close() {
		this.manager.close();
	}

	@Test
	void aPlayerThisNodeHadLogsInAgainWhileTheStoreIsDownAndANewOneIsRefusedClearly() {
		Session first = identified(this.manager, "rio");
		data(first).put("coins", 8);
		first.destroy(true);
		assertThat(this.manager.flush(Duration.ofSeconds(5)).isComplete()).isTrue();
		this.store.down.set(true);
		Session again = identified(this.manager, "rio");
		assertThat(again.userData()).isEqualTo(Map.of("coins", 8));
		Session newcomer = this.manager.create();
		newcomer.start();
		assertThatExceptionOfType(PersistenceException.class).isThrownBy(() -> newcomer.identify("newbie"));
		assertThat(newcomer.state()).isEqualTo(SessionState.STARTED);
		this.store.down.set(false);
	}

	@Test
	void backoffFollowsTheTickerSoARetryNeedsNoRealWait() {
		java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
		try (SessionManager patient = SessionManager.builder()
			.config(SessionManagerConfig.builder()
				.retryInitialBackoff(Duration.ofHours(1))
				.retryMaxBackoff(Duration.ofHours(2))
				.build())
			.userDataStore(this.store)
			.ticker(nanos::get)
			.build()) {
			Session session = identified(patient, "ivy");
			this.store.down.set(true);
			data(session).put("coins", 3);
			CompletableFuture<Void> written = session.persistAsync();
			await().until(() -> this.store.failedBatches.get() == 1);
			this.store.down.set(false);
			// An hour of backoff on the ticker: nothing is retried until it moves.
			assertThat(patient.flush(Duration.ofMillis(50)).isComplete()).isFalse();
			assertThat(this.store.failedBatches.get()).isOne();
			nanos.addAndGet(Duration.ofHours(1).toNanos());
			assertThat(patient.flush(Duration.ofSeconds(10)).isComplete()).isTrue();
			assertThat(written).succeedsWithin(Duration.ofSeconds(5));
			assertThat(this.store.stored("ivy")).isEqualTo("{\"coins\":3}");
		}
	}

	@Test
	void twoBatchesAreWrittenAtOnceButAUsersNextWriteWaitsForTheFirst() {
		this.manager.close();
		this.manager = manager(SessionManagerConfig.builder().writeBatchSize(1).writeConcurrency(2));
		this.store.gate = new CountDownLatch(1);
		Session amy = identified(this.manager, "amy");
		Session bob = identified(this.manager, "bob");
		data(amy).put("coins", 1);
		CompletableFuture<Void> amyFirst = amy.persistAsync();
		await().until(() -> this.store.batchesInProgress.contains(List.of("amy")));
		data(amy).put("coins", 2);
		CompletableFuture<Void> amySecond = amy.persistAsync();
		data(bob).put("coins", 7);
		bob.persistAsync();
		// The second writer skips amy's newer write, whose user is in flight, and takes bob's.
		await().until(() -> this.store.batchesInProgress.contains(List.of("bob")));
		assertThat(this.store.batchesInProgress).containsExactlyInAnyOrder(List.of("amy"), List.of("bob"));
		assertThat(amySecond).isNotDone();
		this.store.gate.countDown();
		assertThat(this.manager.flush(Duration.ofSeconds(10)).isComplete()).isTrue();
		assertThat(amyFirst).succeedsWithin(Duration.ofSeconds(10));
		assertThat(amySecond).succeedsWithin(Duration.ofSeconds(10));
		assertThat(this.store.appliedFor("amy")).extracting(UserDataWrite::data)
			.containsExactly("{\"coins\":1}", "{\"coins\":2}");
		assertThat(this.store.stored("bob")).isEqualTo("{\"coins\":7}");
		assertThat(this.recorder.ofType(SessionEvent.PersistFailed.class)).isEmpty();
	}

	@Test
	void whileABatchIsWrittenTheNextStartsOnlyOnceAFullBatchIsQueued() {
		this.manager.close();
		this.manager = manager(SessionManagerConfig.builder().writeBatchSize(3).writeConcurrency(2));
		this.store.gate = new CountDownLatch(1);
		Session amy = identified(this.manager, "amy");
		data(amy).put("coins", 1);
		amy.persistAsync();
		await().until(() -> this.store.batchesInProgress.contains(List.of("amy")));
		for (String user : List.of("bob", "cid", "dan")) {
			Session session = identified(this.manager, user);
			data(session).put("coins", 2);
			session.persistAsync();
		}
		await().until(() -> this.store.batchesInProgress.size() == 2);
		assertThat(this.store.batchesInProgress).containsExactlyInAnyOrder(List.of("amy"),
				List.of("bob", "cid", "dan"));
		this.store.gate.countDown();
		assertThat(this.manager.flush(Duration.ofSeconds(10)).isComplete()).isTrue();
		assertThat(this.store.batches.get()).isEqualTo(2);
	}

	@Test
	void oneWriterWritesOneBatchAtATime() {
		this.manager.close();
		this.manager = manager(SessionManagerConfig.builder().writeBatchSize(1).writeConcurrency(1));
		this.store.gate = new CountDownLatch(1);
		Session amy = identified(this.manager, "amy");
		Session bob = identified(this.manager, "bob");
		data(amy).put("coins", 1);
		amy.persistAsync();
		await().until(() -> this.store.batchesInProgress.contains(List.of("amy")));
		data(bob).put("coins", 7);
		CompletableFuture<Void> bobWritten = bob.persistAsync();
		assertThat(this.manager.persistenceStatus().backlog()).isEqualTo(2);
		assertThat(this.store.batchesInProgress).containsExactly(List.of("amy"));
		this.store.gate.countDown();
		bobWritten.join();
		assertThat(this.store.stored("bob")).isEqualTo("{\"coins\":7}");
	}

	@Test
	void inPlaceMutationIsPersistedWithoutBeingMarked() {
		Session session = identified(this.manager, "amy");
		data(session).put("coins", 1);
		session.persistNow();
		data(session).put("coins", 2);
		session.persistNow();
		assertThat(this.store.stored("amy")).isEqualTo("{\"coins\":2}");
		assertThat(this.store.appliedFor("amy")).extracting(UserDataWrite::expectedVersion).containsExactly(0L, 1L);
	}

	@Test
	void unchangedUserDataCostsNoWriteAndNoEvent() {
		this.store.put("bob", "{\"coins\":3}");
		Session session = identified(this.manager, "bob");
		session.persistNow();
		session.persistNow();
		this.manager.persistAllUserData().join();
		assertThat(this.store.batches.get()).isZero();
		assertThat(this.recorder.ofType(SessionEvent.PersistUserData.class)).isEmpty();
	}

	@Test
	void persistUserDataEventCarriesUserAndReason() {
		Session session = identified(this.manager, "cid");
		data(session).put("level", 2);
		session.persistNow();
		SessionEvent.PersistUserData event = this.recorder.ofType(SessionEvent.PersistUserData.class).get(0);
		assertThat(event.userId()).isEqualTo("cid");
		assertThat(event.userData()).isEqualTo(Map.of("level", 2));
		assertThat(event.reason()).isEqualTo(PersistReason.EXPLICIT);
		assertThat(event.session()).isSameAs(session);
	}

	@Test
	void intervalPersistsChangedUserDataOfLiveSessions() {
		this.manager.close();
		this.manager = manager(SessionManagerConfig.builder().persistInterval(Duration.ofMillis(50)));
		Session session = identified(this.manager, "dee");
		data(session).put("coins", 77);
		await().atMost(Duration.ofSeconds(5)).until(() -> "{\"coins\":77}".equals(this.store.stored("dee")));
		assertThat(this.recorder.ofType(SessionEvent.PersistUserData.class)).extracting(SessionEvent.PersistUserData::reason)
			.contains(PersistReason.INTERVAL);
	}

	@Test
	void writesQueuedWhileTheStoreIsDownGoOutInOneBatch() {
		List<Session> sessions = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			sessions.add(identified(this.manager, "user-" + i));
		}
		this.store.down.set(true);
		for (int i = 0; i < 50; i++) {
			data(sessions.get(i)).put("i", i);
			sessions.get(i).persistAsync();
		}
		this.store.down.set(false);
		assertThat(this.manager.flush(Duration.ofSeconds(5)).isComplete()).isTrue();
		assertThat(this.store.applied).hasSize(50);
		assertThat(this.store.batches.get()).isLessThanOrEqualTo(2);
	}

	@Test
	void failingStoreIsRetriedWithoutLosingOrReorderingWrites() {
		Session session = identified(this.manager, "eli");
		this.store.down.set(true);
		List<CompletableFuture<Void>> writes = new ArrayList<>();
		for (int i = 1; i <= 20; i++) {
			data(session).put("coins", i);
			writes.add(session.persistAsync());
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> this.store.failedBatches.get() >= 3);
		assertThat(this.manager.persistenceStatus().isHealthy()).isFalse();
		// Coalesced: the failed write (resent first, as the store may have applied it) and at
		// most one newer snapshot; one alone when the worker took the batch after all 20.
		assertThat(this.manager.persistenceStatus().backlog()).isBetween(1, 2);
		assertThat(this.recorder.ofType(SessionEvent.PersistFailed.class)).allMatch(SessionEvent.PersistFailed::willRetry);
		this.store.down.set(false);
		CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
		assertThat(this.store.stored("eli")).isEqualTo("{\"coins\":20}");
		List<UserDataWrite> applied = this.store.appliedFor("eli");
		assertThat(applied).extracting(UserDataWrite::expectedVersion).isSorted();
		assertThat(applied.get(applied.size() - 1).data()).isEqualTo("{\"coins\":20}");
		assertThat(this.manager.persistenceStatus().isHealthy()).isTrue();
	}

	@Test
	void batchAppliedButUnacknowledgedIsResentBeforeANewerWriteSoNoFalseConflict() {
		AtomicReference<Runnable> duringFirstCall = new AtomicReference<>();
		UserDataStore applyThenFail = new UserDataStore() {

			private final AtomicBoolean failed = new AtomicBoolean();

			@Override
			public Optional<StoredUserData> load(String userId) {
				return PersistenceTests.this.store.load(userId);
			}

			@Override
			public List<WriteResult> saveAll(List<UserDataWrite> writes) {
				List<WriteResult> results = PersistenceTests.this.store.saveAll(writes);
				if (this.failed.compareAndSet(false, true)) {
					duringFirstCall.get().run();
					throw new StoreException("connection reset after commit (test)");
				}
				return results;
			}

			@Override
			public boolean delete(String userId) {
				return PersistenceTests.this.store.delete(userId);
			}

		};
		try (SessionManager flaky = SessionManager.builder()
			.config(SessionManagerConfig.builder().retryInitialBackoff(Duration.ofMillis(10)).build())
			.userDataStore(applyThenFail)
			.listener(this.recorder)
			.build()) {
			Session session = flaky.create();
			session.start();
			session.identify("uma");
			duringFirstCall.set(() -> {
				data(session).put("coins", 2);
				session.persistAsync();
			});
			data(session).put("coins", 1);
			CompletableFuture<Void> first = session.persistAsync();
			assertThat(flaky.flush(Duration.ofSeconds(5)).isComplete()).isTrue();
			assertThat(first).succeedsWithin(Duration.ofSeconds(5));
			assertThat(this.store.stored("uma")).isEqualTo("{\"coins\":2}");
			assertThat(this.recorder.ofType(SessionEvent.PersistFailed.class)).allMatch(SessionEvent.PersistFailed::willRetry);
		}
	}

	@Test
	void persistNowFailsClearlyWhenTheStoreStaysDownAndTheWriteLandsLater() {
		Session session = identified(this.manager, "fin");
		this.store.down.set(true);
		data(session).put("gems", 1);
		assertThatExceptionOfType(PersistenceException.class).isThrownBy(() -> session.persistNow(Duration.ofMillis(200)))
			.withMessageContaining("fin")
			.withMessageContaining("retried");
		this.store.down.set(false);
		assertThat(this.manager.flush(Duration.ofSeconds(5)).isComplete()).isTrue();
		assertThat(this.store.stored("fin")).isEqualTo("{\"gems\":1}");
	}

	@Test
	void versionConflictBetweenTwoNodesIsReportedAndNothingIsOverwritten() {
		this.store.put("gil", "{\"coins\":0}");
		try (SessionManager other = manager(SessionManagerConfig.builder())) {
			Session here = identified(this.manager, "gil");
			Session there = other.create();
			there.start();
			there.identify("gil");
			data(here).put("coins", 10);
			here.persistNow();
			there.userData(Map.class).put("coins", 99);
			assertThatExceptionOfType(VersionConflictException.class).isThrownBy(there::persistNow)
				.satisfies((ex) -> assertThat(ex.getStoredVersion()).isEqualTo(2));
			assertThat(this.store.stored("gil")).isEqualTo("{\"coins\":10}");
			// Failed writes are reported on the event executor, never on the persister's thread.
			await().untilAsserted(() -> assertThat(this.recorder.ofType(SessionEvent.PersistFailed.class))
				.singleElement()
				.satisfies((event) -> assertThat(event.willRetry()).isFalse()));
			assertThatExceptionOfType(VersionConflictException.class).isThrownBy(there::persistNow);
			there.reloadUserData();
			assertThat(there.userData()).isEqualTo(Map.of("coins", 10));
			there.userData(Map.class).put("coins", 11);
			there.persistNow();
			assertThat(this.store.stored("gil")).isEqualTo("{\"coins\":11}");
		}
	}

	@Test
	void shutdownPersistsEveryDirtyUser() {
		for (int i = 0; i < 100; i++) {
			data(identified(this.manager, "p" + i)).put("score", i);
		}
		FlushReport report = this.manager.shutdown();
		assertThat(report.isComplete()).isTrue();
		for (int i = 0; i < 100; i++) {
			assertThat(this.store.stored("p" + i)).isEqualTo("{\"score\":" + i + "}");
		}
		assertThat(this.recorder.ofType(SessionEvent.Destroyed.class)).hasSize(100)
			.allMatch((event) -> event.reason() == DestroyReason.SHUTDOWN);
	}

	@Test
	void shutdownKeepsPaceWithTheStoreInsteadOfQueueingEveryUserAtOnce() {
		this.manager.close();
		this.manager = manager(SessionManagerConfig.builder().writeBatchSize(10).writeConcurrency(1));
		SessionManager closing = this.manager;
		java.util.concurrent.atomic.AtomicInteger largestBacklog = new java.util.concurrent.atomic.AtomicInteger();
		this.manager.addPersistenceObserver(new PersistenceObserver() {

			@Override
			public void batchWritten(int size, int saved, int conflicts, long nanos) {
				largestBacklog.accumulateAndGet(closing.persistenceStatus().backlog(), Math::max);
			}

		});
		for (int i = 0; i < 2_000; i++) {
			data(identified(this.manager, "p" + i)).put("score", i);
		}
		FlushReport report = this.manager.shutdown();
		assertThat(report.isComplete()).isTrue();
		for (int i = 0; i < 2_000; i++) {
			assertThat(this.store.stored("p" + i)).isEqualTo("{\"score\":" + i + "}");
		}
		// Four full batches queued per writer, plus what each event thread had begun.
		int eventThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
		assertThat(largestBacklog.get()).isPositive().isLessThanOrEqualTo(4 * 10 + eventThreads + 10);
	}

	@Test
	void shutdownEndsEverySessionInTimeWhenTheStoreStallsWhileItKeepsPace() throws Exception {
		this.manager.close();
		this.manager = manager(SessionManagerConfig.builder()
			.writeBatchSize(10)
			.writeConcurrency(1)
			.shutdownTimeout(Duration.ofSeconds(1)));
		List<Session> sessions = new ArrayList<>();
		for (int i = 0; i < 500; i++) {
			Session session = identified(this.manager, "p" + i);
			data(session).put("score", i);
			sessions.add(session);
		}
		this.store.gate = new CountDownLatch(1);
		try {
			FlushReport report = CompletableFuture.supplyAsync(this.manager::shutdown).get(30, TimeUnit.SECONDS);
			// The writers never got past their first batch: the rest is reported, not lost silently.
			assertThat(report.isComplete()).isFalse();
			assertThat(report.unwritten()).hasSizeGreaterThan(400);
			assertThat(sessions).allMatch((session) -> session.state().isEnded());
		}
		finally {
			this.store.gate.countDown();
		}
	}

	@Test
	void shutdownReportsUsersItCouldNotWrite() {
		this.manager.close();
		this.manager = manager(SessionManagerConfig.builder().shutdownTimeout(Duration.ofMillis(200)));
		data(identified(this.manager, "hue")).put("coins", 5);
		this.store.down.set(true);
		FlushReport report = this.manager.shutdown();
		assertThat(report.isComplete()).isFalse();
		assertThat(report.unwritten()).singleElement().satisfies((unwritten) -> {
			assertThat(unwritten.userId()).isEqualTo("hue");
			assertThat(unwritten.cause()).hasMessageContaining("store is down");
		});
		assertThat(this.recorder.ofType(SessionEvent.PersistFailed.class)).anyMatch((event) -> !event.willRetry());
		assertThat(this.manager.shutdown()).isSameAs(report);
	}

	@Test
	void shutdownWithoutTheTriggerDoesNotPersist() {
		this.manager.close();
		this.manager = manager(SessionManagerConfig.builder().persistEvents(List.of()));
		data(identified(this.manager, "ira")).put("coins", 5);
		this.manager.shutdown();
		assertThat(this.store.stored("ira")).isNull();
	}

	@Test
	void reidentifyingAfterReleaseUsesTheCacheWhenTheStoreVersionIsCurrent() {
		Session first = identified(this.manager, "jay");
		data(first).put("coins", 1);
		first.destroy();
		this.manager.flush(Duration.ofSeconds(5));
		int loads = this.store.loads.get();
		Session second = identified(this.manager, "jay");
		assertThat(second.userData()).isEqualTo(Map.of("coins", 1));
		assertThat(this.store.loads.get() - loads).isEqualTo(1);
	}

	@Test
	void reidentifyingAfterReleaseReusesTheCachedUserDataObject() {
		Session first = identified(this.manager, "joy");
		Object userData = first.userData();
		first.destroy();
		Session second = identified(this.manager, "joy");
		assertThat(second.userData()).isSameAs(userData);
		second.destroy();
		Session third = identified(this.manager, "joy");
		assertThat(third.userData()).isSameAs(userData);
	}

	@Test
	void cachedDataTakenBackIntoUseAndChangedElsewhereMeanwhileIsReloaded() {
		Session first = identified(this.manager, "kip");
		data(first).put("coins", 1);
		first.destroy(true);
		this.manager.flush(Duration.ofSeconds(5));
		Session second = identified(this.manager, "kip");
		assertThat(second.userData()).isEqualTo(Map.of("coins", 1));
		this.store.put("kip", "{\"coins\":500}");
		second.destroy(false);
		Session third = identified(this.manager, "kip");
		assertThat(third.userData()).isEqualTo(Map.of("coins", 500));
	}

	@Test
	void userCacheLimitBoundsTheReleasedUsersKept() {
		this.manager.close();
		this.manager = manager(SessionManagerConfig.builder().cacheLimit(1));
		Session jay = identified(this.manager, "jay");
		Object jayData = jay.userData();
		jay.destroy(false);
		Session kim = identified(this.manager, "kim");
		Object kimData = kim.userData();
		kim.destroy(false);
		// Nothing was written, so no queued write keeps either record either.
		assertThat(this.manager.flush(Duration.ofSeconds(5)).isComplete()).isTrue();
		boolean jayReused = identified(this.manager, "jay").userData() == jayData;
		boolean kimReused = identified(this.manager, "kim").userData() == kimData;
		assertThat(jayReused && kimReused).isFalse();
	}

	@Test
	void cachedDataChangedElsewhereIsReloaded() {
		Session first = identified(this.manager, "kit");
		data(first).put("coins", 1);
		first.destroy();
		this.manager.flush(Duration.ofSeconds(5));
		this.store.put("kit", "{\"coins\":500}");
		Session second = identified(this.manager, "kit");
		assertThat(second.userData()).isEqualTo(Map.of("coins", 500));
	}

	@Test
	void reidentifyingWhileAWriteIsQueuedKeepsTheQueuedData() {
		Session first = identified(this.manager, "lea");
		this.store.down.set(true);
		data(first).put("coins", 42);
		first.destroy();
		Session second = this.manager.create();
		second.start();
		second.identify("lea");
		assertThat(second.userData()).isEqualTo(Map.of("coins", 42));
		this.store.down.set(false);
		assertThat(this.manager.flush(Duration.ofSeconds(5)).isComplete()).isTrue();
		assertThat(this.store.stored("lea")).isEqualTo("{\"coins\":42}");
	}

	@Test
	void corruptUserDataFailsIdentifyUnderFailPolicyAndOtherUsersAreFine() {
		this.store.put("max", "{not json");
		this.store.put("ned", "{\"coins\":1}");
		Session broken = this.manager.create();
		broken.start();
		assertThatExceptionOfType(CorruptDataException.class).isThrownBy(() -> broken.identify("max"))
			.withMessageContaining("max");
		assertThat(broken.state()).isEqualTo(SessionState.STARTED);
		assertThat(this.recorder.ofType(SessionEvent.Invalid.class)).singleElement()
			.satisfies((event) -> assertThat(event.reason()).isEqualTo(InvalidReason.UNREADABLE));
		assertThat(identified(this.manager, "ned").userData()).isEqualTo(Map.of("coins", 1));
		assertThat(this.store.stored("max")).isEqualTo("{not json");
	}

	@Test
	void corruptUserDataIsResetUnderResetPolicy() {
		this.manager.close();
		this.manager = manager(SessionManagerConfig.builder().corruptDataPolicy(CorruptDataPolicy.RESET));
		this.store.put("oda", "[1,2");
		Session session = identified(this.manager, "oda");
		assertThat(session.userData()).isEqualTo(Map.of());
		data(session).put("coins", 1);
		session.persistNow();
		assertThat(this.store.stored("oda")).isEqualTo("{\"coins\":1}");
		assertThat(this.recorder.ofType(SessionEvent.Invalid.class)).hasSize(1);
	}

	@Test
	void unencodableUserDataIsReportedNotCrashed() {
		Session session = this.manager.create();
		session.start();
		session.setUser("pia", new Unencodable());
		assertThatExceptionOfType(PersistenceException.class).isThrownBy(session::persistNow);
		assertThat(this.recorder.ofType(SessionEvent.PersistFailed.class)).singleElement()
			.satisfies((event) -> assertThat(event.cause()).isInstanceOf(DataCodecException.class));
		assertThat(session.state()).isEqualTo(SessionState.IDENTIFIED);
	}

	@Test
	void storeDownAtIdentifyFailsClearlyAndLeavesTheSessionStarted() {
		Session session = this.manager.create();
		session.start();
		this.store.down.set(true);
		assertThatExceptionOfType(PersistenceException.class).isThrownBy(() -> session.identify("quin"))
			.withMessageContaining("quin");
		assertThat(session.state()).isEqualTo(SessionState.STARTED);
		this.store.down.set(false);
		session.identify("quin");
		assertThat(session.state()).isEqualTo(SessionState.IDENTIFIED);
	}

	@Test
	void noOpStoreOnlyPublishesPersistUserData() {
		List<Object> persistedByHand = new ArrayList<>();
		try (SessionManager cagey = SessionManager.builder()
			.userDataStore(new NoOpUserDataStore())
			.listener((event) -> {
				if (event instanceof SessionEvent.PersistUserData persist) {
					persistedByHand.add(persist.userId() + "=" + persist.userData());
				}
			})
			.build()) {
			Session session = cagey.create();
			session.start();
			session.setUser("ray", Map.of("coins", 3));
			session.persistNow();
			session.persistNow();
			session.destroy();
		}
		assertThat(persistedByHand).containsExactly("ray={coins=3}");
	}

	static class Unencodable {

		public int getCoins() {
			throw new IllegalStateException("cannot read coins (expected by the test)");
		}

	}

}
