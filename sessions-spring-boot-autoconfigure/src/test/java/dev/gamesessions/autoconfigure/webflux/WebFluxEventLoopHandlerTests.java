package dev.gamesessions.autoconfigure.webflux;

import java.net.URI;

import dev.gamesessions.autoconfigure.transport.Handshake;
import dev.gamesessions.autoconfigure.transport.JdkWebSocketConnection;
import dev.gamesessions.autoconfigure.transport.TestConnection;
import dev.gamesessions.autoconfigure.websocket.GameMessageHandler;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code websocket.event-loop-handler=true}, a handler that promises never to block
 * gets its messages on the connection's event loop, in order; the welcome still comes
 * first. (Without it, messages are handled off the event loop: {@link WebFluxBlockingCallsTests}.)
 */
@SpringBootTest(classes = WebFluxEventLoopHandlerTests.Game.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "game.sessions.websocket.path=/play",
				"game.sessions.websocket.event-loop-handler=true" })
class WebFluxEventLoopHandlerTests {

	@LocalServerPort
	private int port;

	@Test
	void aNonBlockingHandlerRunsOnTheEventLoop() {
		try (TestConnection player = JdkWebSocketConnection.open(URI.create("ws://localhost:" + this.port + "/play"),
				Handshake.plain())) {
			assertThat(player.welcome().get("type").asString()).isEqualTo("session");
			for (int i = 0; i < 5; i++) {
				player.send("m" + i);
			}
			for (int i = 0; i < 5; i++) {
				assertThat(player.nextMessage()).isEqualTo("m" + i + " on the event loop: true");
			}
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Game {

		@Bean
		GameMessageHandler nonBlockingEcho() {
			return (session, message) -> session.client()
				.send(message + " on the event loop: " + Schedulers.isInNonBlockingThread());
		}

	}

}
