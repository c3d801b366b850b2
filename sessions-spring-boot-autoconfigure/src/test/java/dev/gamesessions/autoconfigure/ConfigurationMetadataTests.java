package dev.gamesessions.autoconfigure;

import java.io.InputStream;
import java.util.List;

import dev.gamesessions.autoconfigure.web.GameSessionsHttpProperties;
import dev.gamesessions.autoconfigure.websocket.GameSessionsWebSocketProperties;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated configuration metadata is what IDEs show: every property documented, every
 * enum's values described.
 */
class ConfigurationMetadataTests {

	@Test
	void everyPropertyHasADescriptionInHouseStyle() throws Exception {
		JsonNode metadata = read();
		List<JsonNode> properties = metadata.get("properties")
			.valueStream()
			.filter((property) -> property.get("name").asString().startsWith("game.sessions."))
			.toList();
		assertThat(properties).hasSizeGreaterThan(15);
		for (JsonNode property : properties) {
			String name = property.get("name").asString();
			assertThat(property.has("description")).as(name).isTrue();
			String description = property.get("description").asString();
			assertThat(description).as(name).doesNotStartWith("The ").doesNotStartWith("A ").endsWith(".");
		}
	}

	@Test
	void enumPropertiesHaveDescribedValues() throws Exception {
		JsonNode metadata = read();
		List<String> hinted = metadata.get("hints").valueStream().map((hint) -> hint.get("name").asString()).toList();
		assertThat(hinted).contains("game.sessions.store", "game.sessions.single-session",
				"game.sessions.persistence.events", "game.sessions.user-data.on-corrupt");
		metadata.get("hints")
			.valueStream()
			.flatMap((hint) -> hint.get("values").valueStream())
			.forEach((value) -> assertThat(value.get("description").asString()).isNotBlank());
	}

	@Test
	void identitySourcesShowTheirDefaultOrder() throws Exception {
		JsonNode identity = read().get("properties")
			.valueStream()
			.filter((property) -> property.get("name").asString().equals("game.sessions.websocket.identity"))
			.findFirst()
			.orElseThrow();
		List<String> defaults = new GameSessionsWebSocketProperties()
			.getIdentity()
			.stream()
			.map((source) -> source.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
			.toList();
		assertThat(identity.get("defaultValue").valueStream().map(JsonNode::asString).toList())
			.containsExactlyElementsOf(defaults);
	}

	@Test
	void sessionCookieDefaultsShownAreTheOnesApplied() throws Exception {
		GameSessionsHttpProperties.SessionCookie cookie = new GameSessionsHttpProperties().getCookie();
		assertThat(defaultOf("game.sessions.http.cookie.name")).isEqualTo(cookie.getName());
		assertThat(defaultOf("game.sessions.http.cookie.path")).isEqualTo(cookie.getPath());
		assertThat(defaultOf("game.sessions.http.cookie.http-only")).isEqualTo(String.valueOf(cookie.getHttpOnly()));
		assertThat(defaultOf("game.sessions.http.cookie.same-site"))
			.isEqualTo(cookie.getSameSite().name().toLowerCase(java.util.Locale.ROOT));
	}

	private String defaultOf(String name) throws Exception {
		return read().get("properties")
			.valueStream()
			.filter((property) -> property.get("name").asString().equals(name))
			.findFirst()
			.orElseThrow()
			.get("defaultValue")
			.asString();
	}

	private JsonNode read() throws Exception {
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			return JsonMapper.builder().build().readTree(in);
		}
	}

}
