package dev.gamesessions.autoconfigure.websocket;

import java.net.URI;

import dev.gamesessions.Session;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "bring your own handler", as written.
 */
@SpringBootTest(classes = ReadmeOwnHandlerTests.Application.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "game.sessions.store=memory")
class ReadmeOwnHandlerTests {

	@LocalServerPort
	private int port;

	@Test
	void ownHandlerServesPlayersWithTheirSessions() {
		try (TestClient client = TestClient.connect(URI.create("ws://localhost:" + this.port + "/game"))) {
			String sessionId = client.nextJson().get("sessionId").asString();
			client.send("who");
			assertThat(client.next()).isEqualTo("you are " + sessionId.substring(0, 4) + "…");
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(GameSocketConfig.class)
	static class Application {

	}

}

class MyHandler extends TextWebSocketHandler {

	@Override
	protected void handleTextMessage(WebSocketSession connection, TextMessage message) {
		Session session = GameSessionsWebSocket.sessionOf(connection);
		session.client().send("you are " + session.maskedId());
	}

}

// @formatter:off
// The README's snippet, verbatim.
@Configuration
@EnableWebSocket
class GameSocketConfig {

    @Bean
    WebSocketConfigurer endpoint(GameSessionsWebSocket gameSessions) {
        return (registry) -> gameSessions.register(registry, new MyHandler(), "/game");
    }
}
// @formatter:on
