package dev.gamesessions.autoconfigure.stomp;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import dev.gamesessions.Session;
import dev.gamesessions.SessionManager;
import dev.gamesessions.SessionState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Past {@code max-sessions}, a STOMP {@code CONNECT} that needs a new session is refused
 * with an {@code ERROR} frame; one that resumes its session is not.
 */
@SpringBootTest(classes = StompGameServer.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "game.sessions.store=memory", "game.sessions.max-sessions=3" })
class StompSessionLimitIntegrationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private SessionManager manager;

	@AfterEach
	void endSessions() {
		this.manager.destroy(false);
	}

	private URI stomp() {
		return URI.create("ws://localhost:" + this.port + "/stomp");
	}

	@Test
	void aFullNodeRefusesNewPlayersButResumesItsOwn() {
		StompTestClient first = StompTestClient.connect(stomp(), Map.of());
		JsonNode welcome = first.welcome();
		Session session = this.manager.findById(welcome.get("sessionId").asString()).orElseThrow();
		first.close();
		await().atMost(Duration.ofSeconds(10)).until(() -> session.state() == SessionState.DISCONNECTED);
		this.manager.create();
		this.manager.create();
		long refusedBefore = this.manager.refusedSessions();

		StompTestClient.Closed refused = StompTestClient.attempt(stomp(), Map.of(), Map.of()).client().awaitClose();
		assertThat(refused.error()).startsWith("capacity");
		assertThat(this.manager.refusedSessions()).isEqualTo(refusedBefore + 1);

		try (StompTestClient back = StompTestClient.connect(stomp(),
				Map.of("X-Game-Session-Resume", welcome.get("resumeToken").asString()))) {
			assertThat(back.welcome().get("sessionId").asString()).isEqualTo(session.id());
		}
		assertThat(this.manager.size()).isEqualTo(3);
	}

}
