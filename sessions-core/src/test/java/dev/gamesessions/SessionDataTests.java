package dev.gamesessions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.gamesessions.store.InMemorySessionDataStore;
import dev.gamesessions.store.MutableClock;
import dev.gamesessions.store.SessionDataStore;
import dev.gamesessions.store.StoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SessionDataTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final RecordingStore store = new RecordingStore(new InMemorySessionDataStore(this.clock));

	private final RecordingListener recorder = new RecordingListener();

	private final SessionManager manager = SessionManager.builder()
		.config(SessionManagerConfig.builder().maxSessionDataBytes(256).build())
		.sessionDataStore(this.store)
		.clock(this.clock)
		.listener(this.recorder)
		.build();

	@AfterEach
	void close() {
		this.manager.close();
	}

	@Test
	void valuesRoundTripThroughTheStoreAsJson() {
		Session session = this.manager.create();
		session.data().set("room", "lobby");
		session.data().set("position", new Position(1, 2));
		session.data().save();
		assertThat(this.store.load(session.id(), Duration.ofMinutes(1)))
			.hasValue(Map.of("room", "\"lobby\"", "position", "{\"x\":1,\"y\":2}"));
		session.data().reload();
		assertThat(session.data().get("room", String.class)).isEqualTo("lobby");
		assertThat(session.data().get("position", Position.class)).isEqualTo(new Position(1, 2));
		assertThat(session.data().names()).containsExactlyInAnyOrder("room", "position");
	}

	@Test
	void saveWritesOnlyTheDelta() {
		Session session = this.manager.create();
		session.data().set("a", 1);
		session.data().set("b", 2);
		session.data().save();
		session.data().set("b", 3);
		session.data().remove("a");
		session.data().save();
		assertThat(this.store.deltas).containsExactly(new Delta(Map.of("a", "1", "b", "2"), Set.of()),
				new Delta(Map.of("b", "3"), Set.of("a")));
		session.data().save();
		assertThat(this.store.deltas).hasSize(2);
	}

	@Test
	void updateWritesAnInPlaceChange() {
		Session session = this.manager.create();
		List<String> inventory = new ArrayList<>(List.of("sword"));
		session.data().set("inventory", inventory);
		session.data().save();
		inventory.add("shield");
		session.data().update("inventory");
		assertThat(session.data().isDirty()).isTrue();
		session.data().save();
		assertThat(this.store.load(session.id(), Duration.ofMinutes(1)).orElseThrow())
			.containsEntry("inventory", "[\"sword\",\"shield\"]");
	}

	@Test
	void oversizedChangeIsRefusedWithNothingHalfWritten() {
		Session session = this.manager.create();
		session.data().set("name", "small");
		session.data().save();
		assertThatExceptionOfType(SessionDataTooLargeException.class)
			.isThrownBy(() -> session.data().set("blob", "x".repeat(300)))
			.withMessageContaining("256")
			.withMessageContaining("blob");
		assertThat(session.data().names()).containsExactly("name");
		assertThat(session.data().isDirty()).isFalse();
		List<String> list = new ArrayList<>();
		session.data().set("list", list);
		list.add("y".repeat(300));
		assertThatExceptionOfType(SessionDataTooLargeException.class).isThrownBy(() -> session.data().update("list"));
		session.data().save();
		assertThat(this.store.load(session.id(), Duration.ofMinutes(1)).orElseThrow()).containsEntry("list", "[]");
	}

	@Test
	void sizeCountsNamesAndEncodedValues() {
		Session session = this.manager.create();
		session.data().set("ab", "xyz");
		assertThat(session.data().sizeInBytes()).isEqualTo(2 + 5);
		session.data().remove("ab");
		assertThat(session.data().sizeInBytes()).isZero();
	}

	@Test
	void badNamesAreRejected() {
		Session session = this.manager.create();
		assertThatIllegalArgumentException().isThrownBy(() -> session.data().set(" ", 1));
	}

	@Test
	void corruptStoredValueIsReportedRemovedAndOthersSurvive() {
		Session session = this.manager.create();
		this.store.apply(session.id(), Map.of("bad", "{oops", "good", "7"), Set.of(), Duration.ofMinutes(5));
		assertThat(session.data().get("bad", Map.class)).isNull();
		assertThat(session.data().get("good", Integer.class)).isEqualTo(7);
		assertThat(this.recorder.ofType(SessionEvent.Invalid.class)).singleElement().satisfies((event) -> {
			assertThat(event.reason()).isEqualTo(InvalidReason.UNREADABLE);
			assertThat(event.session()).isSameAs(session);
			assertThat(event.detail()).contains("bad");
		});
		session.data().save();
		assertThat(this.store.load(session.id(), Duration.ofMinutes(1))).hasValue(Map.of("good", "7"));
	}

	@Test
	void disconnectSavesAndDestroyDeletes() {
		Session session = this.manager.create();
		session.start();
		session.data().set("room", "arena");
		session.disconnect();
		assertThat(this.store.load(session.id(), Duration.ofMinutes(1))).isPresent();
		String id = session.id();
		session.destroy();
		assertThat(this.store.load(id, Duration.ofMinutes(1))).isEmpty();
	}

	@Test
	void unusedDataCostsNoStoreCallThroughTheWholeLifecycle() {
		this.store.down = true;
		Session session = this.manager.create();
		session.start();
		assertThat(session.data().isDirty()).isFalse();
		session.data().save();
		session.disconnect();
		session.destroy();
		assertThat(session.state()).isEqualTo(SessionState.DESTROYED);
		assertThat(this.store.deltas).isEmpty();
	}

	@Test
	void dataFirstUsedLateIsLoadedThenAndBehavesAsUsual() {
		Session session = this.manager.create();
		assertThat(session.data().isDirty()).isFalse();
		session.start();
		session.data().save();
		assertThat(session.data().names()).isEmpty();
		assertThat(session.data().get("room", String.class)).isNull();
		assertThat(session.data().remove("room")).isFalse();
		assertThat(session.data().sizeInBytes()).isZero();
		session.data().set("room", "arena");
		assertThat(session.data().isDirty()).isTrue();
		session.data().save();
		assertThat(this.store.deltas).containsExactly(new Delta(Map.of("room", "\"arena\""), Set.of()));
		session.data().clear();
		session.data().save();
		assertThat(this.store.deltas).last().isEqualTo(new Delta(Map.of(), Set.of("room")));
	}

	@Test
	void storeDownAtSaveKeepsChangesPending() {
		Session session = this.manager.create();
		session.data().set("room", "arena");
		this.store.down = true;
		assertThatExceptionOfType(StoreException.class).isThrownBy(() -> session.data().save());
		assertThat(session.data().isDirty()).isTrue();
		this.store.down = false;
		session.data().save();
		assertThat(this.store.load(session.id(), Duration.ofMinutes(1))).hasValue(Map.of("room", "\"arena\""));
	}

	@Test
	void idleSessionsAndExpiredDataArePruned() {
		Session idle = this.manager.create();
		idle.data().set("a", 1);
		idle.data().save();
		this.clock.advance(Duration.ofHours(5));
		Session active = this.manager.create();
		this.clock.advance(Duration.ofHours(1).plusSeconds(1));
		assertThat(this.manager.pruneNow()).isEqualTo(1);
		assertThat(idle.state()).isEqualTo(SessionState.DESTROYED);
		assertThat(active.state()).isEqualTo(SessionState.NEW);
		assertThat(this.recorder.ofType(SessionEvent.Destroyed.class)).extracting(SessionEvent.Destroyed::reason)
			.containsExactly(DestroyReason.IDLE_TIMEOUT);
		this.clock.advance(Duration.ofHours(5));
		active.touch();
		this.clock.advance(Duration.ofHours(2));
		assertThat(this.manager.pruneNow()).isZero();
		assertThat(active.state()).isEqualTo(SessionState.NEW);
	}

	@Test
	void orphanedSessionDataExpiresInTheStore() {
		this.store.apply("orphan", Map.of("a", "1"), Set.of(), Duration.ofHours(6));
		this.clock.advance(Duration.ofHours(7));
		this.manager.pruneNow();
		assertThat(this.store.pruned).isEqualTo(1);
	}

	@Test
	void restoreBringsBackASessionFromItsStoredDataUnderTheSameId() {
		Session original = this.manager.create();
		original.data().set("room", "arena");
		original.data().save();
		String id = original.id();
		try (SessionManager otherNode = SessionManager.builder().sessionDataStore(this.store).clock(this.clock).build()) {
			Session restored = otherNode.restore(id);
			assertThat(restored.id()).isEqualTo(id);
			assertThat(restored.state()).isEqualTo(SessionState.NEW);
			assertThat(restored.resumeToken()).isNotEqualTo(original.resumeToken());
			assertThat(restored.data().get("room", String.class)).isEqualTo("arena");
			assertThat(otherNode.restore(id)).isSameAs(restored);
			assertThat(otherNode.findById(id)).containsSame(restored);
		}
	}

	@Test
	void restoreOfUnknownOrMalformedIdsIsInvalid() {
		assertThatExceptionOfType(InvalidSessionException.class)
			.isThrownBy(() -> this.manager.restore("AAAAAAAAAAAAAAAAAAAAAA"))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(InvalidReason.UNKNOWN));
		assertThatExceptionOfType(InvalidSessionException.class).isThrownBy(() -> this.manager.restore("../etc"))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(InvalidReason.MALFORMED));
		this.manager.reportInvalid("tampered-cookie-value", InvalidReason.MALFORMED, "bad signature");
		assertThat(this.recorder.ofType(SessionEvent.Invalid.class)).extracting(SessionEvent.Invalid::reference)
			.containsExactly("AAAA…", "(malformed)", "tamp…");
	}

	record Position(int x, int y) {
	}

	record Delta(Map<String, String> set, Set<String> removed) {
	}

	static final class RecordingStore implements SessionDataStore {

		private final SessionDataStore delegate;

		final List<Delta> deltas = new ArrayList<>();

		volatile boolean down;

		int pruned;

		RecordingStore(SessionDataStore delegate) {
			this.delegate = delegate;
		}

		@Override
		public Optional<Map<String, String>> load(String sessionId, Duration ttl) {
			checkUp();
			return this.delegate.load(sessionId, ttl);
		}

		@Override
		public void apply(String sessionId, Map<String, String> set, Set<String> removed, Duration ttl) {
			checkUp();
			this.deltas.add(new Delta(Map.copyOf(set), Set.copyOf(removed)));
			this.delegate.apply(sessionId, set, removed, ttl);
		}

		@Override
		public void delete(String sessionId) {
			checkUp();
			this.delegate.delete(sessionId);
		}

		@Override
		public void rename(String oldId, String newId, Duration ttl) {
			checkUp();
			this.delegate.rename(oldId, newId, ttl);
		}

		@Override
		public int prune(Instant now) {
			checkUp();
			int count = this.delegate.prune(now);
			this.pruned += count;
			return count;
		}

		private void checkUp() {
			if (this.down) {
				throw new StoreException("session store is down (test)");
			}
		}

	}

}
