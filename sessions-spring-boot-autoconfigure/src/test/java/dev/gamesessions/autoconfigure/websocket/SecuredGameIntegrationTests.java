package dev.gamesessions.autoconfigure.websocket;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import dev.gamesessions.SessionManager;
import dev.gamesessions.store.redis.RedisUserDataStore;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A production-shaped game: the starter with Spring Security, Actuator and Redis (the
 * embedded server), secured as the README shows.
 */
@SpringBootTest(classes = SecuredGameIntegrationTests.SecuredGame.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.autoconfigure.exclude=", "spring.security.user.name=ops",
				"spring.security.user.password=secret", "game.sessions.store=redis",
				"game.sessions.redis.embedded.enabled=true", "game.sessions.redis.key-prefix=secured-game:",
				"game.sessions.websocket.path=/play",
				"management.endpoints.web.exposure.include=health,gamesessions",
				"management.endpoint.health.show-components=always" })
class SecuredGameIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String OPS = "Basic "
			+ Base64.getEncoder().encodeToString("ops:secret".getBytes(StandardCharsets.UTF_8));

	@LocalServerPort
	private int port;

	@Autowired
	private SessionManager manager;

	@Test
	void guestsPlayLoggedInPlayersAreTheirPrincipalAndTheEndpointNeedsALogin() throws Exception {
		assertThat(this.manager.userDataStore()).isInstanceOf(RedisUserDataStore.class);
		URI play = URI.create("ws://localhost:" + this.port + "/play");
		try (TestClient guest = TestClient.connect(play);
				TestClient player = TestClient.connect(play, Map.of("Authorization", OPS))) {
			assertThat(guest.nextJson().get("userId").isNull()).isTrue();
			assertThat(player.nextJson().get("userId").asString()).isEqualTo("ops");

			assertThat(get("/actuator/gamesessions", null).statusCode()).isEqualTo(401);
			HttpResponse<String> sessions = get("/actuator/gamesessions", OPS);
			assertThat(sessions.statusCode()).isEqualTo(200);
			assertThat(json.readTree(sessions.body()).get("live").asInt()).isEqualTo(2);
			HttpResponse<String> health = get("/actuator/health", null);
			assertThat(health.statusCode()).isEqualTo(200);
			JsonNode status = json.readTree(health.body());
			assertThat(status.get("status").asString()).isEqualTo("UP");
		}
	}

	private HttpResponse<String> get(String path, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return TestClient.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(GameSecurity.class)
	static class SecuredGame {

	}

}

// @formatter:off
// The README's snippet, verbatim.
@Configuration
class GameSecurity {

    @Bean
    SecurityFilterChain gameSecurity(HttpSecurity http) throws Exception {
        return http
            .authorizeHttpRequests((requests) -> requests
                .requestMatchers("/play").permitAll()           // guests play; a logged-in player is their principal
                .requestMatchers("/actuator/health").permitAll()
                .anyRequest().authenticated())
            .httpBasic(Customizer.withDefaults())
            .build();
    }
}
// @formatter:on
