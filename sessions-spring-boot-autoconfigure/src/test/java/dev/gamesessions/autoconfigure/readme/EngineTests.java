package dev.gamesessions.autoconfigure.readme;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.gamesessions.ClientMessenger;
import dev.gamesessions.PersistTrigger;
import dev.gamesessions.Session;
import dev.gamesessions.SessionEvent;
import dev.gamesessions.SessionManager;
import dev.gamesessions.SessionManagerConfig;
import dev.gamesessions.SessionState;
import dev.gamesessions.store.InMemoryUserDataStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "engine in Java" snippet, with no Spring.
 */
class EngineTests {

	record Player(String name, int coins) {

		Player spend(int amount) {
			return new Player(this.name, this.coins - amount);
		}

	}

	static final class RecordingMessenger implements ClientMessenger {

		final List<String> closes = new ArrayList<>();

		@Override
		public void send(String text) {
		}

		@Override
		public void sendJson(Object value) {
		}

		@Override
		public boolean isOpen() {
			return this.closes.isEmpty();
		}

		@Override
		public void close(int code, String reason) {
			this.closes.add(code + " " + reason);
		}

	}

	@Test
	void cageyFlow() {
		RecordingMessenger client = new RecordingMessenger();
		// @formatter:off
SessionManager manager = SessionManager.builder()
    .config(SessionManagerConfig.builder()
        .persistEvents(PersistTrigger.DISCONNECT, PersistTrigger.SHUTDOWN)
        .persistInterval(Duration.ofSeconds(30))
        .userDataType(Player.class)
        .build())
    .userDataStore(new InMemoryUserDataStore())       // or Redis / JDBC
    .build();

Session session = manager.create();                     // Created
session.on(SessionEvent.Kicked.class, e -> client.close(4000, e.reason()));
session.set("client", client);                          // transient attribute, never persisted
session.start();                                        // Started
session.identify("player-42");                          // Identified: user data loaded (or created)
Player player = session.userData(Player.class);
session.userData(player.spend(50));                     // replace (records) or mutate in place
session.persistNow();                                   // returns when durable, or throws
session.destroy();                                      // BeforeDestroy, PersistUserData, Destroyed
manager.close();                                        // destroys all, flushes queued writes
		// @formatter:on
		assertThat(player).isEqualTo(new Player(null, 0));
		assertThat(session.state()).isEqualTo(SessionState.DESTROYED);
		assertThat(manager.userDataStore().load("player-42"))
			.hasValueSatisfying((stored) -> assertThat(stored.data()).isEqualTo("{\"name\":null,\"coins\":-50}"));
	}

}
