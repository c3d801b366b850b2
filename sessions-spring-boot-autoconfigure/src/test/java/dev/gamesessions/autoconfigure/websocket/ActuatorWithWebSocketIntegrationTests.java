package dev.gamesessions.autoconfigure.websocket;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A production-shaped application: the game's WebSocket endpoint and Actuator with its
 * endpoints exposed over HTTP, on a real server.
 */
@SpringBootTest(classes = GameServer.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "game.sessions.store=memory", "game.sessions.websocket.path=/play",
				"management.endpoints.web.exposure.include=health,gamesessions",
				"management.endpoint.health.show-components=always" })
class ActuatorWithWebSocketIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Test
	void gameEndpointAndActuatorEndpointsServeSideBySide() throws Exception {
		try (TestClient player = TestClient.connect(URI.create("ws://localhost:" + this.port + "/play"))) {
			assertThat(player.nextJson().get("type").asString()).isEqualTo("session");
			player.send("login:dora");
			assertThat(player.next()).isEqualTo("welcome dora");

			HttpResponse<String> sessions = get("/actuator/gamesessions");
			assertThat(sessions.statusCode()).isEqualTo(200);
			JsonNode report = json.readTree(sessions.body());
			assertThat(report.get("live").asInt()).isEqualTo(1);
			assertThat(report.get("sessions").get(0).get("userId").asString()).isEqualTo("dora");

			HttpResponse<String> health = get("/actuator/health");
			assertThat(health.statusCode()).isEqualTo(200);
			JsonNode status = json.readTree(health.body());
			assertThat(status.get("status").asString()).isEqualTo("UP");
			assertThat(status.get("components").get("gamesessions").get("status").asString()).isEqualTo("UP");
		}
	}

	private HttpResponse<String> get(String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build();
		return TestClient.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
