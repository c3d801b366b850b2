package dev.gamesessions.autoconfigure.websocket;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.gamesessions.Session;
import dev.gamesessions.UserDataFactory;
import dev.gamesessions.autoconfigure.event.SessionStartedEvent;
import dev.gamesessions.store.InMemoryUserDataStore;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "WebSocket: a game in 30 lines", as written, over a real socket; and the
 * protocol's promise that the {@code session} message comes first.
 */
@SpringBootTest(classes = ReadmeWebSocketGameTests.Game.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "game.sessions.store=memory", "game.sessions.user-data.type=dev.gamesessions.autoconfigure.websocket.Player",
				"game.sessions.websocket.path=/play",
				"game.sessions.websocket.allowed-origins=https://game.example.com" })
class ReadmeWebSocketGameTests {

	@LocalServerPort
	private int port;

	@Autowired
	private InMemoryUserDataStore store;

	@Test
	void guestsAreAskedToLogInAndFirstTimePlayersStartWithTheirName() {
		try (TestClient client = TestClient.connect(URI.create("ws://localhost:" + this.port + "/play"))) {
			assertThat(client.nextJson().get("type").asString()).isEqualTo("session");
			assertThat(client.next()).isEqualTo("greetings from a SessionStartedEvent listener");
			client.send("click");
			assertThat(client.next()).isEqualTo("log in first");
			client.send("login:ann");
			assertThat(client.next()).isEqualTo("{\"name\":\"ann\",\"coins\":0}");
			for (int coins = 1; coins <= 10; coins++) {
				client.send("click");
				assertThat(client.next()).isEqualTo("{\"name\":\"ann\",\"coins\":" + coins + "}");
			}
			client.send("buy");
			assertThat(client.next()).isEqualTo("{\"name\":\"ann\",\"coins\":0}");
			assertThat(this.store.load("ann")).hasValueSatisfying(
					(stored) -> assertThat(stored.data()).isEqualTo("{\"name\":\"ann\",\"coins\":0}"));
			client.send("buy");
			assertThat(client.next()).isEqualTo("{\"name\":\"ann\",\"coins\":0}");
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ ClickerGame.class, PlayerSetup.class })
	static class Game {

		final List<String> greeted = new CopyOnWriteArrayList<>();

		@Bean
		InMemoryUserDataStore userDataStore() {
			return new InMemoryUserDataStore();
		}

		@EventListener
		void greet(SessionStartedEvent event) {
			event.getSession().client().send("greetings from a SessionStartedEvent listener");
		}

	}

}

record Player(String name, int coins) {
}

// @formatter:off
// The README's snippet, verbatim.
@Component
class ClickerGame implements GameMessageHandler {

    @Override
    public void handleMessage(Session session, String message) {
        if (message.startsWith("login:")) {
            session.identify(message.substring(6));         // loads the player, kicks an older login
        }
        else if (!session.isIdentified()) {
            session.client().send("log in first");
            return;
        }
        else if (message.equals("click")) {
            Player player = session.userData(Player.class);
            session.userData(new Player(player.name(), player.coins() + 1));
        }
        else if (message.equals("buy") && session.userData(Player.class).coins() >= 10) {
            Player player = session.userData(Player.class);
            session.userData(new Player(player.name(), player.coins() - 10));
            session.persistNow();                             // durable before we confirm
        }
        session.client().sendJson(session.userData());        // reply to this player
    }
}

@Configuration
class PlayerSetup {

    @Bean
    UserDataFactory newPlayer() {                              // a first-time player's data
        return (userId) -> new Player(userId, 0);
    }
}
// @formatter:on
