package dev.gamesessions.autoconfigure.websocket;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code websocket.identity} decides which sources a handshake is identified from, and in
 * which order: here the cookie before the resume token, and no principal.
 */
@SpringBootTest(classes = GameServer.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "game.sessions.store=memory", "game.sessions.websocket.path=/play",
				"game.sessions.websocket.identity=cookie,resume-token" })
class IdentityOrderIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Test
	void theCookieComesBeforeTheResumeTokenAndThePrincipalIsNotUsed() throws Exception {
		HttpResponse<String> page = TestClient.http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/me")).build(),
				HttpResponse.BodyHandlers.ofString());
		String pageSession = json.readTree(page.body()).get("id").asString();
		String setCookie = page.headers().firstValue("Set-Cookie").orElseThrow();
		String cookie = setCookie.substring(0, setCookie.indexOf(';'));

		URI play = URI.create("ws://localhost:" + this.port + "/play");
		try (TestClient other = TestClient.connect(play)) {
			JsonNode otherWelcome = other.nextJson();
			String token = otherWelcome.get("resumeToken").asString();
			try (TestClient both = TestClient.connect(URI.create(play + "?resume=" + token),
					Map.of("Cookie", cookie, "X-Test-User", "principal-pat"))) {
				JsonNode welcome = both.nextJson();
				assertThat(welcome.get("sessionId").asString()).isEqualTo(pageSession);
				assertThat(welcome.get("userId").isNull()).isTrue();
			}
		}
	}

}
