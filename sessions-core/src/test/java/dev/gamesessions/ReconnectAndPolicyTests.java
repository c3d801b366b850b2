package dev.gamesessions;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.gamesessions.TestSessions.identified;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class ReconnectAndPolicyTests {

	private final RecordingListener recorder = new RecordingListener();

	private final ControllableUserDataStore store = new ControllableUserDataStore();

	private SessionManager manager = manager(SessionManagerConfig.builder());

	private SessionManager manager(SessionManagerConfig.Builder config) {
		return SessionManager.builder().config(config.build()).userDataStore(this.store).listener(this.recorder).build();
	}

	@AfterEach
	void close() {
		this.manager.close();
	}

	@Test
	void disconnectPersistsAndResumeWithinGraceRestoresTheSameSession() {
		Session session = identified(this.manager, "ann");
		session.set("client", "socket-1");
		session.userData(Map.class).put("coins", 5);
		String token = session.resumeToken();
		session.disconnect();
		assertThat(session.state()).isEqualTo(SessionState.DISCONNECTED);
		assertThat(this.manager.flush(Duration.ofSeconds(5)).isComplete()).isTrue();
		assertThat(this.store.stored("ann")).isEqualTo("{\"coins\":5}");

		Session resumed = this.manager.resume(token);
		assertThat(resumed).isSameAs(session);
		assertThat(resumed.state()).isEqualTo(SessionState.IDENTIFIED);
		assertThat(resumed.get("client")).isEqualTo("socket-1");
		assertThat(resumed.userData()).isEqualTo(Map.of("coins", 5));
		assertThat(resumed.resumeToken()).isNotEqualTo(token);
		assertThat(this.recorder.typesFor(session)).containsSubsequence(SessionEvent.Disconnected.class,
				SessionEvent.PersistUserData.class, SessionEvent.Reconnected.class);
	}

	@Test
	void resumeTokenIsSingleUse() {
		Session session = identified(this.manager, "ben");
		String token = session.resumeToken();
		session.disconnect();
		this.manager.resume(token);
		assertThatExceptionOfType(InvalidSessionException.class).isThrownBy(() -> this.manager.resume(token))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(InvalidReason.UNKNOWN));
		assertThat(session.state()).isEqualTo(SessionState.IDENTIFIED);
	}

	@Test
	void tokenFirstAskedForInAnyLiveStateResolvesAndStaysTheSameUntilUsed() {
		Session fresh = this.manager.create();
		String freshToken = fresh.resumeToken();
		assertThat(fresh.resumeToken()).isEqualTo(freshToken);
		assertThat(this.manager.resume(freshToken)).isSameAs(fresh);
		assertThat(fresh.state()).isEqualTo(SessionState.NEW);

		Session started = this.manager.create();
		started.start();
		assertThat(this.manager.resume(started.resumeToken())).isSameAs(started);
		assertThat(started.state()).isEqualTo(SessionState.STARTED);

		Session identified = identified(this.manager, "eli");
		assertThat(this.manager.resume(identified.resumeToken())).isSameAs(identified);
		assertThat(identified.state()).isEqualTo(SessionState.IDENTIFIED);

		Session disconnected = identified(this.manager, "fay");
		disconnected.disconnect();
		String token = disconnected.resumeToken();
		assertThat(this.manager.resume(token)).isSameAs(disconnected);
		assertThat(disconnected.state()).isEqualTo(SessionState.IDENTIFIED);
		assertThat(disconnected.resumeToken()).isNotEqualTo(token);
		assertThatExceptionOfType(InvalidSessionException.class).isThrownBy(() -> this.manager.resume(token))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(InvalidReason.UNKNOWN));
	}

	@Test
	void tokenIssuedInAReconnectedListenerResolves() {
		Session session = identified(this.manager, "gil");
		String[] issued = new String[1];
		session.on(SessionEvent.Reconnected.class, (event) -> issued[0] = event.session().resumeToken());
		session.disconnect();
		this.manager.resume(session.resumeToken());
		assertThat(issued[0]).isEqualTo(session.resumeToken());
		assertThat(this.manager.resume(issued[0])).isSameAs(session);
	}

	@Test
	void tokenFirstAskedForAfterTheSessionEndedNeverResolves() {
		Session session = identified(this.manager, "hal");
		session.destroy();
		String token = session.resumeToken();
		assertThat(token).matches("[A-Za-z0-9_-]{43}");
		assertThatExceptionOfType(InvalidSessionException.class).isThrownBy(() -> this.manager.resume(token))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(InvalidReason.UNKNOWN));
	}

	@Test
	void tokenAskedForBeforeOrOnlyAfterRenewResolvesOnlyWhenIssuedAfter() {
		Session neverAsked = identified(this.manager, "ivy");
		neverAsked.renew();
		assertThat(this.manager.resume(neverAsked.resumeToken())).isSameAs(neverAsked);

		Session asked = identified(this.manager, "jo");
		String before = asked.resumeToken();
		asked.renew();
		assertThatExceptionOfType(InvalidSessionException.class).isThrownBy(() -> this.manager.resume(before))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(InvalidReason.UNKNOWN));
		String after = asked.resumeToken();
		assertThat(after).isNotEqualTo(before);
		assertThat(this.manager.resume(after)).isSameAs(asked);
	}

	@Test
	void restoredSessionGetsATokenThatResolvesOnItsNode() {
		Session original = this.manager.create();
		original.data().set("room", "lobby");
		original.data().save();
		try (SessionManager otherNode = SessionManager.builder()
			.sessionDataStore(this.manager.sessionDataStore())
			.userDataStore(this.store)
			.build()) {
			Session restored = otherNode.restore(original.id());
			String token = restored.resumeToken();
			assertThat(token).isNotEqualTo(original.resumeToken());
			assertThat(otherNode.resume(token)).isSameAs(restored);
			assertThatExceptionOfType(InvalidSessionException.class).isThrownBy(() -> this.manager.resume(token));
		}
	}

	@Test
	void unknownAndMalformedTokensAreInvalidAndReported() {
		assertThatExceptionOfType(InvalidSessionException.class)
			.isThrownBy(() -> this.manager.resume("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(InvalidReason.UNKNOWN));
		assertThatExceptionOfType(InvalidSessionException.class).isThrownBy(() -> this.manager.resume("not a token!"))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(InvalidReason.MALFORMED));
		assertThatExceptionOfType(InvalidSessionException.class)
			.isThrownBy(() -> this.manager.resume("x".repeat(10_000)))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(InvalidReason.MALFORMED));
		assertThat(this.recorder.ofType(SessionEvent.Invalid.class)).extracting(SessionEvent.Invalid::reason)
			.containsExactly(InvalidReason.UNKNOWN, InvalidReason.MALFORMED, InvalidReason.MALFORMED);
		assertThat(this.recorder.ofType(SessionEvent.Invalid.class).get(0).reference()).isEqualTo("AAAA…");
	}

	@Test
	void afterTheGraceWindowTheSessionIsDestroyedAndItsTokenIsInvalid() {
		this.manager.close();
		this.manager = manager(SessionManagerConfig.builder().reconnectGrace(Duration.ofMillis(100)));
		Session session = identified(this.manager, "cat");
		String token = session.resumeToken();
		session.disconnect();
		await().atMost(Duration.ofSeconds(5)).until(() -> session.state() == SessionState.DESTROYED);
		assertThat(this.recorder.ofType(SessionEvent.Destroyed.class)).extracting(SessionEvent.Destroyed::reason)
			.containsExactly(DestroyReason.GRACE_EXPIRED);
		assertThatExceptionOfType(InvalidSessionException.class).isThrownBy(() -> this.manager.resume(token));
		assertThat(this.manager.findByUserId("cat")).isEmpty();
	}

	@Test
	void zeroGraceDestroysAtDisconnect() {
		this.manager.close();
		this.manager = manager(SessionManagerConfig.builder().reconnectGrace(Duration.ZERO));
		Session session = identified(this.manager, "dan");
		session.disconnect();
		assertThat(session.state()).isEqualTo(SessionState.DESTROYED);
	}

	@Test
	void resumingAConnectedSessionTakesItOver() {
		Session session = identified(this.manager, "eve");
		String token = session.resumeToken();
		assertThat(this.manager.resume(token)).isSameAs(session);
		assertThat(session.state()).isEqualTo(SessionState.IDENTIFIED);
		assertThat(this.recorder.typesFor(session)).endsWith(SessionEvent.Reconnected.class);
	}

	@Test
	void disconnectWithoutTheTriggerDoesNotPersist() {
		this.manager.close();
		this.manager = manager(SessionManagerConfig.builder().persistEvents(PersistTrigger.SHUTDOWN));
		Session session = identified(this.manager, "fay");
		session.userData(Map.class).put("coins", 1);
		session.disconnect();
		assertThat(this.recorder.ofType(SessionEvent.PersistUserData.class)).isEmpty();
		assertThat(this.manager.willPersistUserDataOn(PersistTrigger.DISCONNECT)).isFalse();
		assertThat(this.manager.willPersistUserDataOn(PersistTrigger.SHUTDOWN)).isTrue();
	}

	@Test
	void kickPreviousKicksTheOlderSessionWithAReason() {
		Session first = identified(this.manager, "gus");
		first.userData(Map.class).put("coins", 9);
		Session second = identified(this.manager, "gus");
		assertThat(first.state()).isEqualTo(SessionState.DESTROYED);
		assertThat(second.state()).isEqualTo(SessionState.IDENTIFIED);
		assertThat(second.userData()).isEqualTo(Map.of("coins", 9));
		assertThat(this.manager.findByUserId("gus")).containsSame(second);
		SessionEvent.Kicked kicked = this.recorder.ofType(SessionEvent.Kicked.class).get(0);
		assertThat(kicked.session()).isSameAs(first);
		assertThat(kicked.reason()).isNotBlank();
		assertThat(this.recorder.ofType(SessionEvent.Destroyed.class)).extracting(SessionEvent.Destroyed::reason)
			.containsExactly(DestroyReason.KICKED);
		assertThat(this.recorder.typesFor(first)).doesNotContain(SessionEvent.Disconnected.class);
		assertThat(this.manager.flush(Duration.ofSeconds(5)).isComplete()).isTrue();
		assertThat(this.store.stored("gus")).isEqualTo("{\"coins\":9}");
	}

	@Test
	void connectionClosingBecauseOfTheKickIsNotADisconnect() {
		Session first = identified(this.manager, "gwen");
		first.on(SessionEvent.Kicked.class, (event) -> event.session().disconnect());
		identified(this.manager, "gwen");
		assertThat(this.recorder.typesFor(first)).containsSubsequence(SessionEvent.Kicked.class,
				SessionEvent.BeforeDestroy.class, SessionEvent.Destroyed.class)
			.doesNotContain(SessionEvent.Disconnected.class);
	}

	@Test
	void kickPreviousAlsoKicksADisconnectedSessionInGrace() {
		Session first = identified(this.manager, "hal");
		first.disconnect();
		Session second = identified(this.manager, "hal");
		assertThat(first.state()).isEqualTo(SessionState.DESTROYED);
		assertThat(second.state()).isEqualTo(SessionState.IDENTIFIED);
	}

	@Test
	void rejectNewRefusesTheSecondSessionAndKeepsTheFirst() {
		this.manager.close();
		this.manager = manager(SessionManagerConfig.builder().singleSessionPolicy(SingleSessionPolicy.REJECT_NEW));
		Session first = identified(this.manager, "ida");
		Session second = this.manager.create();
		second.start();
		assertThatExceptionOfType(UserAlreadyOnlineException.class).isThrownBy(() -> second.identify("ida"))
			.withMessageContaining("ida");
		assertThat(second.state()).isEqualTo(SessionState.STARTED);
		assertThat(second.userId()).isNull();
		assertThat(first.state()).isEqualTo(SessionState.IDENTIFIED);
		first.destroy();
		second.identify("ida");
		assertThat(second.state()).isEqualTo(SessionState.IDENTIFIED);
	}

	@Test
	void allowLetsSessionsShareTheUserData() {
		this.manager.close();
		this.manager = manager(SessionManagerConfig.builder().singleSessionPolicy(SingleSessionPolicy.ALLOW));
		Session first = identified(this.manager, "jon");
		Session second = identified(this.manager, "jon");
		assertThat(first.userData()).isSameAs(second.userData());
		first.destroy();
		assertThat(this.manager.findByUserId("jon")).containsSame(second);
		assertThat(second.state()).isEqualTo(SessionState.IDENTIFIED);
	}

	@Test
	void allowKeepsTheNewestLiveSessionFindableAsOthersEnd() {
		this.manager.close();
		this.manager = manager(SessionManagerConfig.builder().singleSessionPolicy(SingleSessionPolicy.ALLOW));
		Session first = identified(this.manager, "lea");
		Session second = identified(this.manager, "lea");
		Session third = identified(this.manager, "lea");
		second.destroy();
		assertThat(this.manager.findByUserId("lea")).containsSame(third);
		third.destroy();
		assertThat(this.manager.findByUserId("lea")).containsSame(first);
		Session fourth = identified(this.manager, "lea");
		assertThat(this.manager.findByUserId("lea")).containsSame(fourth);
		fourth.destroy();
		first.destroy();
		assertThat(this.manager.findByUserId("lea")).isEmpty();
		assertThat(this.manager.kick("lea", "x")).isZero();
	}

	@Test
	void operatorKickDestroysEverySessionOfTheUser() {
		Session session = identified(this.manager, "kai");
		assertThat(this.manager.kick("kai", "maintenance")).isEqualTo(1);
		assertThat(session.state()).isEqualTo(SessionState.DESTROYED);
		assertThat(this.recorder.ofType(SessionEvent.Kicked.class).get(0).reason()).isEqualTo("maintenance");
		assertThat(this.manager.kick("nobody", "x")).isZero();
	}

}
