package dev.gamesessions.autoconfigure.webflux;

import java.net.URI;
import java.util.Map;

import dev.gamesessions.autoconfigure.transport.ContractGame;
import dev.gamesessions.autoconfigure.transport.Handshake;
import dev.gamesessions.autoconfigure.transport.JdkWebSocketConnection;
import dev.gamesessions.autoconfigure.transport.TestConnection;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reactive game server that stops tells its players so (1001, going away) before Reactor
 * Netty drops the connections.
 */
class WebFluxShutdownTests {

	@Test
	void stoppingTheApplicationClosesConnectionsWith1001() {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(ContractGame.class)
			.web(WebApplicationType.REACTIVE)
			.properties(Map.of("server.port", 0, "game.sessions.websocket.path", "/play"))
			.run();
		TestConnection player;
		try {
			String port = context.getEnvironment().getRequiredProperty("local.server.port");
			player = JdkWebSocketConnection.open(URI.create("ws://localhost:" + port + "/play"), Handshake.plain());
			player.welcome();
		}
		finally {
			context.close();
		}
		TestConnection.Closed closed = player.awaitClose();
		assertThat(closed.code()).isEqualTo(1001);
		assertThat(closed.reason()).isEqualTo("Server shutting down");
	}

}
