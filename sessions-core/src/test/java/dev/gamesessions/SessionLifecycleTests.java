package dev.gamesessions;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SessionLifecycleTests {

	private final RecordingListener recorder = new RecordingListener();

	private final ControllableUserDataStore store = new ControllableUserDataStore();

	private final SessionManager manager = SessionManager.builder()
		.userDataStore(this.store)
		.listener(this.recorder)
		.build();

	@AfterEach
	void close() {
		this.manager.close();
	}

	@Test
	void cageyFlowPublishesEveryEventInOrder() {
		Session session = this.manager.create();
		session.start();
		session.setUser("alice", Map.of("coins", 10));
		session.persistNow();
		assertThat(this.store.stored("alice")).isEqualTo("{\"coins\":10}");
		assertThat(session.destroy()).isTrue();
		assertThat(this.recorder.typesFor(session)).containsExactly(SessionEvent.Created.class,
				SessionEvent.Started.class, SessionEvent.Identified.class, SessionEvent.PersistUserData.class,
				SessionEvent.BeforeDestroy.class, SessionEvent.Destroyed.class);
		assertThat(session.state()).isEqualTo(SessionState.DESTROYED);
	}

	@Test
	void idsAndTokensAreLongUrlSafeRandomAndDistinct() {
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < 1000; i++) {
			Session session = this.manager.create();
			assertThat(session.id()).matches("[A-Za-z0-9_-]{22}");
			assertThat(session.resumeToken()).matches("[A-Za-z0-9_-]{43}");
			assertThat(seen.add(session.id())).isTrue();
			assertThat(seen.add(session.resumeToken())).isTrue();
		}
	}

	@Test
	void toStringAndMaskedIdNeverRevealTheWholeIdOrToken() {
		Session session = this.manager.create();
		assertThat(session.toString()).doesNotContain(session.id()).doesNotContain(session.resumeToken());
		assertThat(session.maskedId()).hasSize(5).startsWith(session.id().substring(0, 4));
	}

	@Test
	void sessionsAreFoundByIdKeyAndUser() {
		Session session = this.manager.create("connection-1");
		session.start();
		session.identify("bob");
		assertThat(this.manager.findById(session.id())).containsSame(session);
		assertThat(this.manager.findByKey("connection-1")).containsSame(session);
		assertThat(this.manager.findByUserId("bob")).containsSame(session);
		assertThat(this.manager.sessions()).containsExactly(session);
		session.destroy();
		assertThat(this.manager.findById(session.id())).isEmpty();
		assertThat(this.manager.findByKey("connection-1")).isEmpty();
		assertThat(this.manager.findByUserId("bob")).isEmpty();
		assertThat(this.manager.size()).isZero();
	}

	@Test
	void duplicateLiveKeyIsRefusedAndFreedAfterDestroy() {
		Session first = this.manager.create("seat-7");
		assertThatExceptionOfType(DuplicateSessionKeyException.class).isThrownBy(() -> this.manager.create("seat-7"))
			.withMessageContaining("seat-7");
		first.destroy();
		assertThat(this.manager.create("seat-7").key()).isEqualTo("seat-7");
	}

	@Test
	void blankOrHugeKeysAndUserIdsAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.manager.create(" "));
		assertThatIllegalArgumentException().isThrownBy(() -> this.manager.create("k".repeat(300)));
		Session session = this.manager.create();
		session.start();
		assertThatIllegalArgumentException().isThrownBy(() -> session.identify(""));
		assertThatIllegalArgumentException().isThrownBy(() -> session.identify("u".repeat(257)));
		assertThat(session.state()).isEqualTo(SessionState.STARTED);
	}

	@Test
	void illegalTransitionsAreRejectedClearly() {
		Session session = this.manager.create();
		assertThatExceptionOfType(IllegalSessionStateException.class).isThrownBy(() -> session.identify("carol"))
			.withMessageContaining("NEW");
		session.start();
		assertThatExceptionOfType(IllegalSessionStateException.class).isThrownBy(session::start)
			.withMessageContaining("STARTED");
		assertThatExceptionOfType(IllegalSessionStateException.class).isThrownBy(session::persistNow)
			.withMessageContaining("not identified");
		session.identify("carol");
		assertThatExceptionOfType(IllegalSessionStateException.class).isThrownBy(() -> session.identify("dave"))
			.withMessageContaining("carol");
		session.destroy();
		assertThatExceptionOfType(IllegalSessionStateException.class).isThrownBy(() -> session.setUser("carol", Map.of()))
			.withMessageContaining("DESTROYED");
		assertThatExceptionOfType(IllegalSessionStateException.class).isThrownBy(session::persistNow)
			.withMessageContaining("DESTROYED");
		assertThatExceptionOfType(IllegalSessionStateException.class).isThrownBy(session::renew);
	}

	@Test
	void doubleDestroyIsANoOp() {
		Session session = this.manager.create();
		assertThat(session.destroy()).isTrue();
		assertThat(session.destroy()).isFalse();
		assertThat(this.recorder.ofType(SessionEvent.Destroyed.class)).hasSize(1);
	}

	@Test
	void identifyLoadsStoredUserData() {
		this.store.put("erin", "{\"coins\":42,\"level\":3}");
		Session session = this.manager.create();
		session.start();
		session.identify("erin");
		assertThat(session.userData()).isEqualTo(Map.of("coins", 42, "level", 3));
		SessionEvent.Identified identified = this.recorder.ofType(SessionEvent.Identified.class).get(0);
		assertThat(identified.firstTime()).isFalse();
		assertThat(identified.userId()).isEqualTo("erin");
	}

	@Test
	void firstTimePlayerGetsDataFromTheFactory() {
		try (SessionManager custom = SessionManager.builder()
			.userDataFactory((userId) -> new java.util.HashMap<>(Map.of("coins", 100, "name", userId)))
			.build()) {
			Session session = custom.create();
			session.start();
			session.identify("frank");
			assertThat(session.userData()).isEqualTo(Map.of("coins", 100, "name", "frank"));
		}
		assertThat(this.manager.create()).isNotNull();
	}

	@Test
	void recordUserDataTypeIsDecodedAndDefaultedFromEmptyJson() {
		try (SessionManager typed = SessionManager.builder()
			.config(SessionManagerConfig.builder().userDataType(Player.class).build())
			.userDataStore(this.store)
			.build()) {
			this.store.put("gina", "{\"name\":\"Gina\",\"coins\":7}");
			Session known = typed.create();
			known.start();
			known.identify("gina");
			assertThat(known.userData(Player.class)).isEqualTo(new Player("Gina", 7));
			Session fresh = typed.create();
			fresh.start();
			fresh.identify("hank");
			assertThat(fresh.userData(Player.class)).isEqualTo(new Player(null, 0));
			fresh.userData(new Player("Hank", 5));
			fresh.persistNow();
			assertThat(this.store.stored("hank")).isEqualTo("{\"name\":\"Hank\",\"coins\":5}");
		}
	}

	@Test
	void attributesHoldLiveObjectsTyped() {
		Session session = this.manager.create();
		StringBuilder messenger = new StringBuilder();
		assertThat(session.set("client", messenger)).isNull();
		assertThat(session.get("client", StringBuilder.class)).isSameAs(messenger);
		assertThat(session.get("client")).isSameAs(messenger);
		assertThat(session.attributeNames()).containsExactly("client");
		assertThatExceptionOfType(ClassCastException.class).isThrownBy(() -> session.get("client", Integer.class));
		assertThat(session.remove("client")).isSameAs(messenger);
		assertThat(session.get("client", StringBuilder.class)).isNull();
	}

	@Test
	void renewIssuesNewIdAndTokenKeepsStateAndOldIdStopsResolving() {
		Session session = this.manager.create();
		session.start();
		session.identify("ivy");
		session.set("x", 1);
		session.data().set("room", "lobby");
		session.data().save();
		String oldId = session.id();
		String oldToken = session.resumeToken();
		session.renew();
		assertThat(session.id()).isNotEqualTo(oldId);
		assertThat(session.resumeToken()).isNotEqualTo(oldToken);
		assertThat(this.manager.findById(oldId)).isEmpty();
		assertThat(this.manager.findById(session.id())).containsSame(session);
		assertThat(session.get("x")).isEqualTo(1);
		assertThat(session.userId()).isEqualTo("ivy");
		assertThat(this.manager.sessionDataStore().load(oldId, java.time.Duration.ofMinutes(1))).isEmpty();
		assertThat(session.data().get("room", String.class)).isEqualTo("lobby");
		assertThat(this.manager.sessionDataStore().load(session.id(), java.time.Duration.ofMinutes(1)))
			.hasValue(Map.of("room", "\"lobby\""));
		assertThatExceptionOfType(InvalidSessionException.class).isThrownBy(() -> this.manager.resume(oldToken));
	}

	@Test
	void perSessionListenersSeeOnlyTheirSessionAndCanBeRemoved() {
		Session first = this.manager.create();
		Session second = this.manager.create();
		RecordingListener firstListener = new RecordingListener();
		Subscription subscription = first.addListener(firstListener);
		List<String> identified = new java.util.ArrayList<>();
		first.on(SessionEvent.Identified.class, (event) -> identified.add(event.userId()));
		first.start();
		second.start();
		first.identify("jack");
		subscription.close();
		first.destroy();
		assertThat(firstListener.events).extracting(SessionEvent::getClass)
			.containsExactly(SessionEvent.Started.class, SessionEvent.Identified.class);
		assertThat(identified).containsExactly("jack");
	}

	@Test
	void throwingListenerDoesNotBreakTheSessionOrOtherListeners() {
		this.manager.addListener((event) -> {
			throw new IllegalStateException("listener bug (expected by the test)");
		});
		RecordingListener after = new RecordingListener();
		this.manager.addListener(after);
		Session session = this.manager.create();
		session.start();
		session.identify("kim");
		assertThat(session.state()).isEqualTo(SessionState.IDENTIFIED);
		assertThat(after.typesFor(session)).containsExactly(SessionEvent.Created.class, SessionEvent.Started.class,
				SessionEvent.Identified.class);
	}

	@Test
	void listenerMayActOnTheSameSessionReentrantly() {
		this.manager.on(SessionEvent.Started.class, (event) -> event.session().identify("auto"));
		Session session = this.manager.create();
		session.start();
		assertThat(session.userId()).isEqualTo("auto");
		assertThat(this.recorder.typesFor(session)).containsExactly(SessionEvent.Created.class,
				SessionEvent.Started.class, SessionEvent.Identified.class);
	}

	@Test
	void managerDestroyEndsEverySessionAndStaysUsable() {
		Session a = this.manager.create();
		Session b = this.manager.create();
		this.manager.destroy(false);
		assertThat(a.state()).isEqualTo(SessionState.DESTROYED);
		assertThat(b.state()).isEqualTo(SessionState.DESTROYED);
		assertThat(this.manager.create().state()).isEqualTo(SessionState.NEW);
	}

	@Test
	void closedManagerRefusesNewSessions() {
		this.manager.close();
		assertThat(this.manager.isClosed()).isTrue();
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(this.manager::create)
			.withMessageContaining("closed");
	}

	record Player(String name, int coins) {
	}

}
