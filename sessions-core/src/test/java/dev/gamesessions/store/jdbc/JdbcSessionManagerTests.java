package dev.gamesessions.store.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.gamesessions.CorruptDataException;
import dev.gamesessions.CorruptDataPolicy;
import dev.gamesessions.InvalidReason;
import dev.gamesessions.JacksonDataCodec;
import dev.gamesessions.Session;
import dev.gamesessions.SessionEvent;
import dev.gamesessions.SessionManager;
import dev.gamesessions.SessionManagerConfig;
import dev.gamesessions.VersionConflictException;
import dev.gamesessions.store.StoredUserData;
import dev.gamesessions.store.UserDataWrite;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.gamesessions.TestSessions.data;
import static dev.gamesessions.TestSessions.identified;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The session engine on the JDBC stores: several nodes writing one user, and unreadable
 * stored data.
 */
class JdbcSessionManagerTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void twoNodesWritingOneUserAtOnceConflictAndKeepTheWinnersData(TestDatabase database) {
		try (TestTables tables = database.createTables()) {
			List<SessionEvent.PersistFailed> failures = new CopyOnWriteArrayList<>();
			try (SessionManager first = manager(tables, CorruptDataPolicy.FAIL);
					SessionManager second = manager(tables, CorruptDataPolicy.FAIL)) {
				first.on(SessionEvent.PersistFailed.class, failures::add);
				second.on(SessionEvent.PersistFailed.class, failures::add);
				Session one = identified(first, "player");
				data(one).put("coins", 10);
				one.persistNow();
				Session other = identified(second, "player");
				assertThat(data(other)).containsEntry("coins", 10);

				data(one).put("coins", 20);
				data(other).put("coins", 99);
				CompletableFuture<Void> firstWrite = one.persistAsync();
				CompletableFuture<Void> secondWrite = other.persistAsync();
				boolean firstWon = succeeded(firstWrite);
				boolean secondWon = succeeded(secondWrite);
				assertThat(firstWon).isNotEqualTo(secondWon);
				Session loser = firstWon ? other : one;
				assertThatExceptionOfType(VersionConflictException.class).isThrownBy(loser::persistNow);
				await().atMost(TIMEOUT).until(() -> !failures.isEmpty());
				assertThat(failures).first().satisfies((failure) -> {
					assertThat(failure.userId()).isEqualTo("player");
					assertThat(failure.cause()).isInstanceOf(VersionConflictException.class);
					assertThat(failure.willRetry()).isFalse();
				});
				StoredUserData stored = tables.userDataStore().load("player").orElseThrow();
				assertThat(stored.version()).isEqualTo(2);
				assertThat(decode(stored)).containsEntry("coins", firstWon ? 20 : 99);

				loser.reloadUserData();
				assertThat(data(loser)).containsEntry("coins", firstWon ? 20 : 99);
				data(loser).put("coins", 100);
				loser.persistNow();
				StoredUserData merged = tables.userDataStore().load("player").orElseThrow();
				assertThat(merged.version()).isEqualTo(3);
				assertThat(decode(merged)).containsEntry("coins", 100);
			}
		}
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void corruptUserDataFailsIdentifyWithoutAffectingOtherUsers(TestDatabase database) {
		try (TestTables tables = database.createTables()) {
			JdbcUserDataStore store = storeBrokenAndHealthyUsers(tables, "{\"coins\":");
			List<SessionEvent.Invalid> invalid = new CopyOnWriteArrayList<>();
			try (SessionManager manager = manager(tables, CorruptDataPolicy.FAIL)) {
				manager.on(SessionEvent.Invalid.class, invalid::add);
				Session session = manager.create();
				session.start();
				assertThatExceptionOfType(CorruptDataException.class).isThrownBy(() -> session.identify("broken"));
				assertThat(invalid).singleElement()
					.satisfies((event) -> assertThat(event.reason()).isEqualTo(InvalidReason.UNREADABLE));
				assertThat(data(identified(manager, "healthy"))).containsEntry("coins", 7);
			}
			assertThat(store.load("broken")).hasValue(new StoredUserData("broken", "{\"coins\":", 1));
		}
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void corruptUserDataIsResetAndReplacedByTheNextPersist(TestDatabase database) {
		try (TestTables tables = database.createTables()) {
			JdbcUserDataStore store = storeBrokenAndHealthyUsers(tables, "[1, 2");
			try (SessionManager manager = manager(tables, CorruptDataPolicy.RESET)) {
				Session session = identified(manager, "broken");
				assertThat(data(session)).isEmpty();
				data(session).put("coins", 5);
				session.persistNow();
				assertThat(data(identified(manager, "healthy"))).containsEntry("coins", 7);
			}
			StoredUserData replaced = store.load("broken").orElseThrow();
			assertThat(replaced.version()).isEqualTo(2);
			assertThat(decode(replaced)).isEqualTo(Map.of("coins", 5));
			assertThat(store.load("healthy").orElseThrow().version()).isEqualTo(1);
		}
	}

	private static JdbcUserDataStore storeBrokenAndHealthyUsers(TestTables tables, String corruptData) {
		JdbcUserDataStore store = tables.userDataStore();
		store.saveAll(List.of(new UserDataWrite("broken", corruptData, 0),
				new UserDataWrite("healthy", "{\"coins\":7}", 0)));
		return store;
	}

	private static SessionManager manager(TestTables tables, CorruptDataPolicy policy) {
		SessionManagerConfig config = SessionManagerConfig.builder()
			.corruptDataPolicy(policy)
			.persistInterval(Duration.ZERO)
			.build();
		return SessionManager.builder()
			.config(config)
			.userDataStore(tables.userDataStore())
			.sessionDataStore(tables.sessionDataStore(Clock.systemUTC()))
			.build();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> decode(StoredUserData stored) {
		return new JacksonDataCodec().decode(stored.data(), Map.class);
	}

	private static boolean succeeded(CompletableFuture<Void> write) {
		try {
			write.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
			return true;
		}
		catch (CompletionException ex) {
			assertThat(ex.getCause()).isInstanceOf(VersionConflictException.class);
			return false;
		}
	}

}
