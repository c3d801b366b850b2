package dev.gamesessions.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.gamesessions.InvalidSessionException;
import dev.gamesessions.Session;
import dev.gamesessions.SessionManager;
import dev.gamesessions.SessionState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The contract of {@link SessionDataStore}: every implementation extends this class and
 * passes every test. {@link InMemorySessionDataStore} is the reference.
 * <p>
 * Expiry is tested through a {@link MutableClock} that the subclass hands to its store.
 * Stores whose entries expire by the server's own clock (such as Redis) override
 * {@link #expireAll(Duration)} to make the server forget entries instead.
 */
public abstract class SessionDataStoreContractTests {

	protected static final Duration TTL = Duration.ofMinutes(30);

	private SessionDataStore store;

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	/**
	 * The store under test, reading time from {@code clock} where it keeps expiry itself.
	 * @param clock the test clock
	 * @return the store
	 */
	protected abstract SessionDataStore createStore(MutableClock clock);

	/**
	 * Lets {@code elapsed} pass for the store. The default advances the clock.
	 * @param elapsed time that passes
	 */
	protected void elapse(Duration elapsed) {
		this.clock.advance(elapsed);
	}

	/**
	 * Whether {@link SessionDataStore#prune(Instant)} removes entries (rather than the store
	 * expiring them by itself and returning 0).
	 * @return {@code true} by default
	 */
	protected boolean prunesExplicitly() {
		return true;
	}

	@BeforeEach
	void setUpStore() {
		this.store = createStore(this.clock);
	}

	protected SessionDataStore store() {
		return this.store;
	}

	protected MutableClock clock() {
		return this.clock;
	}

	protected static String newSessionId() {
		return UUID.randomUUID().toString().replace("-", "");
	}

	@Test
	void destroyingARestoredSessionDeletesItsStoredData() {
		try (SessionManager before = manager(); SessionManager after = manager()) {
			Session session = before.create();
			session.data().set("level", 3);
			session.data().save();
			Session restored = after.restore(session.id());
			assertThat(restored.destroy()).isTrue();
			assertThat(this.store.load(session.id(), TTL)).isEmpty();
			assertThatExceptionOfType(InvalidSessionException.class).isThrownBy(() -> after.restore(session.id()));
		}
	}

	@Test
	void renewingARestoredSessionMovesItsDataAndRetiresTheOldIdOnEveryNode() {
		try (SessionManager origin = manager(); SessionManager nodeA = manager(); SessionManager nodeB = manager()) {
			Session session = origin.create();
			session.data().set("level", 3);
			session.data().save();
			String oldId = session.id();
			Session onA = nodeA.restore(oldId);
			Session onB = nodeB.restore(oldId);
			onA.renew();
			String newId = onA.id();
			assertThat(newId).isNotEqualTo(oldId);
			assertThat(this.store.load(oldId, TTL)).isEmpty();
			assertThat(this.store.load(newId, TTL)).hasValue(Map.of("level", "3"));
			assertThatExceptionOfType(InvalidSessionException.class).isThrownBy(() -> nodeA.restore(oldId));
			assertThat(nodeA.restore(newId)).isSameAs(onA);
			// Node B's copy of the old id is stale: it is retired, not served.
			assertThatExceptionOfType(InvalidSessionException.class).isThrownBy(() -> nodeB.restore(oldId));
			assertThat(onB.state()).isEqualTo(SessionState.DESTROYED);
			assertThat(this.store.load(newId, TTL)).hasValue(Map.of("level", "3"));
			assertThat(nodeB.restore(newId).data().get("level", Integer.class)).isEqualTo(3);
		}
	}

	@Test
	void renewingASessionWhoseDataWasNeverLoadedHereStillMovesIt() {
		try (SessionManager node = manager()) {
			Session session = node.create();
			session.data().set("level", 3);
			session.data().save();
			Session restored;
			try (SessionManager restarted = manager()) {
				restored = restarted.restore(session.id());
				restored.renew();
				assertThat(restarted.restore(restored.id()).data().get("level", Integer.class)).isEqualTo(3);
			}
			assertThat(this.store.load(session.id(), TTL)).isEmpty();
		}
	}

	private SessionManager manager() {
		return SessionManager.builder().sessionDataStore(this.store).clock(this.clock).build();
	}

	@Test
	void unknownSessionHasNoData() {
		assertThat(this.store.load(newSessionId(), TTL)).isEmpty();
	}

	@Test
	void applyCreatesAndLoadReturnsValues() {
		String id = newSessionId();
		this.store.apply(id, Map.of("a", "1", "b", "\"two\""), Set.of(), TTL);
		assertThat(this.store.load(id, TTL)).hasValue(Map.of("a", "1", "b", "\"two\""));
	}

	@Test
	void applyWritesOnlyTheDelta() {
		String id = newSessionId();
		this.store.apply(id, Map.of("a", "1", "b", "2", "c", "3"), Set.of(), TTL);
		this.store.apply(id, Map.of("b", "20"), Set.of("c"), TTL);
		assertThat(this.store.load(id, TTL)).hasValue(Map.of("a", "1", "b", "20"));
	}

	@Test
	void removingTheLastValueRemovesTheData() {
		String id = newSessionId();
		this.store.apply(id, Map.of("a", "1"), Set.of(), TTL);
		this.store.apply(id, Map.of(), Set.of("a"), TTL);
		assertThat(this.store.load(id, TTL)).isEmpty();
	}

	@Test
	void removingUnknownNamesIsHarmless() {
		String id = newSessionId();
		this.store.apply(id, Map.of("a", "1"), Set.of("zzz"), TTL);
		assertThat(this.store.load(id, TTL)).hasValue(Map.of("a", "1"));
	}

	@Test
	void deleteRemovesEverythingAndIgnoresUnknownIds() {
		String id = newSessionId();
		this.store.apply(id, Map.of("a", "1", "b", "2"), Set.of(), TTL);
		this.store.delete(id);
		this.store.delete(newSessionId());
		assertThat(this.store.load(id, TTL)).isEmpty();
	}

	@Test
	void sessionsAreIndependent() {
		String first = newSessionId();
		String second = newSessionId();
		this.store.apply(first, Map.of("a", "1"), Set.of(), TTL);
		this.store.apply(second, Map.of("a", "2"), Set.of(), TTL);
		this.store.delete(first);
		assertThat(this.store.load(second, TTL)).hasValue(Map.of("a", "2"));
	}

	@Test
	void renameMovesDataToTheNewId() {
		String oldId = newSessionId();
		String newId = newSessionId();
		this.store.apply(oldId, Map.of("a", "1"), Set.of(), TTL);
		this.store.rename(oldId, newId, TTL);
		assertThat(this.store.load(oldId, TTL)).isEmpty();
		assertThat(this.store.load(newId, TTL)).hasValue(Map.of("a", "1"));
	}

	@Test
	void renameOfUnknownIdDoesNothing() {
		String newId = newSessionId();
		this.store.rename(newSessionId(), newId, TTL);
		assertThat(this.store.load(newId, TTL)).isEmpty();
	}

	@Test
	void dataExpiresAfterTtlWithoutAccess() {
		String id = newSessionId();
		Duration ttl = Duration.ofSeconds(2);
		this.store.apply(id, Map.of("a", "1"), Set.of(), ttl);
		elapse(ttl.plusSeconds(1));
		assertThat(this.store.load(id, ttl)).isEmpty();
	}

	@Test
	void loadExtendsTheExpiry() {
		String id = newSessionId();
		Duration ttl = Duration.ofSeconds(4);
		this.store.apply(id, Map.of("a", "1"), Set.of(), ttl);
		elapse(Duration.ofSeconds(3));
		assertThat(this.store.load(id, ttl)).isPresent();
		elapse(Duration.ofSeconds(3));
		assertThat(this.store.load(id, ttl)).hasValue(Map.of("a", "1"));
	}

	@Test
	void applyAfterExpiryStartsFresh() {
		String id = newSessionId();
		Duration ttl = Duration.ofSeconds(2);
		this.store.apply(id, Map.of("old", "1"), Set.of(), ttl);
		elapse(ttl.plusSeconds(1));
		this.store.apply(id, Map.of("new", "2"), Set.of(), ttl);
		assertThat(this.store.load(id, ttl)).hasValue(Map.of("new", "2"));
	}

	@Test
	void pruneRemovesOnlyExpiredData() {
		String expired = newSessionId();
		String alive = newSessionId();
		this.store.apply(expired, Map.of("a", "1"), Set.of(), Duration.ofSeconds(2));
		this.store.apply(alive, Map.of("a", "1"), Set.of(), TTL);
		elapse(Duration.ofSeconds(3));
		int pruned = this.store.prune(this.clock.instant());
		if (prunesExplicitly()) {
			assertThat(pruned).isGreaterThanOrEqualTo(1);
		}
		assertThat(this.store.load(expired, TTL)).isEmpty();
		assertThat(this.store.load(alive, TTL)).hasValue(Map.of("a", "1"));
	}

	@Test
	void valuesRoundTripExactly() {
		String id = newSessionId();
		String value = "{\"name\":\"Zoë 🐉\",\"quote\":\"a\\\"b\",\"n\":[1,2,3]}";
		this.store.apply(id, Map.of("profile", value, "ünïcode key", "true"), Set.of(), TTL);
		assertThat(this.store.load(id, TTL)).hasValue(Map.of("profile", value, "ünïcode key", "true"));
	}

}
