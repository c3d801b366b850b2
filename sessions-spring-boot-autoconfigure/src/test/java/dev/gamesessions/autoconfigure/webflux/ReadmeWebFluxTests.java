package dev.gamesessions.autoconfigure.webflux;

import java.net.URI;

import dev.gamesessions.autoconfigure.transport.Handshake;
import dev.gamesessions.autoconfigure.transport.JdkWebSocketConnection;
import dev.gamesessions.autoconfigure.transport.TestConnection;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.HandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's WebFlux endpoint of the application's own, verbatim, serving players.
 */
@SpringBootTest(classes = ReadmeWebFluxTests.Game.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "game.sessions.store=memory" })
class ReadmeWebFluxTests {

	@LocalServerPort
	private int port;

	@Test
	void anEndpointOfTheApplicationsOwnGetsSessions() {
		try (TestConnection player = JdkWebSocketConnection.open(URI.create("ws://localhost:" + this.port + "/arena"),
				Handshake.plain())) {
			assertThat(player.welcome().get("sessionId").asString()).isNotBlank();
			player.send("hello");
			assertThat(player.nextMessage()).isEqualTo("hello");
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Game {

		@Bean
		HandlerMapping arena(GameSessionsWebFlux gameSessions) {
			return gameSessions.mapping("/arena", (session, message) -> session.client().send(message));
		}

	}

}
