package dev.gamesessions.autoconfigure.websocket;

import java.net.URI;
import java.time.Duration;

import dev.gamesessions.Session;
import dev.gamesessions.SessionManager;
import dev.gamesessions.SessionState;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application's own {@code WebSocketHandler}, wired with one call.
 */
@SpringBootTest(classes = OwnHandlerIntegrationTests.OwnHandlerApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "game.sessions.store=memory", "game.sessions.websocket.welcome=false" })
class OwnHandlerIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private SessionManager manager;

	@Test
	void ownHandlerGetsSessionsWithTheSameLifecycle() {
		TestClient client = TestClient.connect(URI.create("ws://localhost:" + this.port + "/own"));
		client.send("who");
		String reply = client.next();
		assertThat(reply).startsWith("you are ");
		Session session = this.manager.sessions()
			.stream()
			.filter((candidate) -> reply.endsWith(candidate.maskedId()))
			.findFirst()
			.orElseThrow();
		assertThat(session.state()).isEqualTo(SessionState.STARTED);
		assertThat(session.client()).isNotNull();
		client.close();
		await().atMost(Duration.ofSeconds(10)).until(() -> session.state() == SessionState.DISCONNECTED);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableWebSocket
	static class OwnHandlerApplication {

		@Bean
		WebSocketConfigurer ownEndpoint(GameSessionsWebSocket gameSessions) {
			return (registry) -> gameSessions.register(registry, new OwnHandler(), "/own");
		}

	}

	static class OwnHandler extends TextWebSocketHandler {

		@Override
		protected void handleTextMessage(WebSocketSession connection, TextMessage message) {
			Session session = GameSessionsWebSocket.sessionOf(connection);
			session.client().send("you are " + session.maskedId());
		}

	}

}
