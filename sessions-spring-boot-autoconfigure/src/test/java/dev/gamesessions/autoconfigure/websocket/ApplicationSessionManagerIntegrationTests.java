package dev.gamesessions.autoconfigure.websocket;

import java.net.URI;

import dev.gamesessions.SessionManager;
import dev.gamesessions.autoconfigure.event.SessionKickedEvent;
import dev.gamesessions.store.InMemoryUserDataStore;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The game's WebSocket endpoint on a {@link SessionManager} the application built by hand:
 * a kick still closes the kicked player's connection and reaches {@code @EventListener}s.
 */
@SpringBootTest(classes = { GameServer.class, ApplicationSessionManagerIntegrationTests.HandBuiltManager.class },
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = "game.sessions.websocket.path=/play")
class ApplicationSessionManagerIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private GameServer server;

	@Test
	void aSecondLoginClosesTheFirstConnection() {
		URI play = URI.create("ws://localhost:" + this.port + "/play");
		try (TestClient first = TestClient.connect(play); TestClient second = TestClient.connect(play)) {
			first.nextJson();
			second.nextJson();
			first.send("login:erin");
			assertThat(first.next()).isEqualTo("welcome erin");
			second.send("login:erin");
			assertThat(second.next()).isEqualTo("welcome erin");
			assertThat(first.awaitCloseCode()).isEqualTo(GameCloseStatus.KICKED);
			assertThat(this.server.events).anySatisfy((event) -> assertThat(event).isInstanceOf(SessionKickedEvent.class));
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class HandBuiltManager {

		@Bean
		SessionManager myManager(InMemoryUserDataStore store) {
			return SessionManager.builder().userDataStore(store).build();
		}

	}

}
