package dev.gamesessions.samples.clicker;

import java.util.List;

import dev.gamesessions.DataCodec;
import dev.gamesessions.store.UserDataStore;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plays the game over a real WebSocket, as the page does.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "game.sessions.redis.embedded.data-directory=target/test-redis",
				"game.sessions.redis.key-prefix=clicker-test-${random.uuid}:" })
class ClickerGameTests {

	@LocalServerPort
	int port;

	@Autowired
	UserDataStore store;

	@Autowired
	DataCodec codec;

	@Test
	void guestCoinsGoToThePlayerWhoLogsInAndClicksRaiseTheLevel() {
		try (GameClient page = GameClient.connect(this.port, "")) {
			JsonNode welcome = page.await("session");
			assertThat(welcome.get("resumeToken").asString()).isNotBlank();
			assertThat(welcome.get("userId").isNull()).isTrue();
			clicks(page, 3);
			JsonNode guest = page.await("state", (state) -> state.get("coins").asInt() == 3);
			assertThat(guest.get("name").isNull()).isTrue();

			page.send("{\"type\":\"login\",\"name\":\"ann\"}");
			JsonNode ann = page.await("state", (state) -> !state.get("name").isNull());
			assertThat(ann.get("name").asString()).isEqualTo("ann");
			assertThat(ann.get("coins").asInt()).isEqualTo(3);

			clicks(page, 7);
			JsonNode levelTwo = page.await("state", (state) -> state.get("coins").asInt() == 10);
			assertThat(levelTwo.get("level").asInt()).isEqualTo(2);
			page.await("players", (players) -> levelOf(players, "ann") == 2);
		}
	}

	@Test
	void aPurchaseIsInTheStoreWhenItIsConfirmed() {
		try (GameClient page = GameClient.connect(this.port, "")) {
			page.await("session");
			login(page, "bob");
			clicks(page, 6);
			page.await("state", (state) -> state.get("coins").asInt() == 6);

			page.send("{\"type\":\"buy\",\"item\":\"hat\"}");
			JsonNode purchased = page.await("purchased");
			Player stored = this.codec.decode(this.store.load("bob").orElseThrow().data(), Player.class);
			assertThat(stored.items()).containsExactly("hat");
			assertThat(stored.coins()).isEqualTo(1);
			assertThat(purchased.get("coins").asInt()).isEqualTo(1);

			page.send("{\"type\":\"buy\",\"item\":\"crown\"}");
			assertThat(page.await("error").get("text").asString()).isEqualTo("A crown costs 100 coins");
		}
	}

	@Test
	void everyPageSeesWhoIsOnlineAndTheEventLog() {
		try (GameClient cid = GameClient.connect(this.port, ""); GameClient dee = GameClient.connect(this.port, "")) {
			cid.await("session");
			dee.await("session");
			login(cid, "cid");
			login(dee, "dee");
			cid.await("players", (players) -> names(players).containsAll(List.of("cid", "dee")));
			cid.await("event", (event) -> event.get("text").asString().equals("dee joined for the first time"));

			dee.send("{\"type\":\"logout\"}");
			assertThat(dee.awaitCloseCode()).isEqualTo(4002);
			cid.await("players", (players) -> !names(players).contains("dee"));
			cid.await("event", (event) -> event.get("text").asString().startsWith("dee left"));
		}
	}

	@Test
	void aDroppedPlayerResumesTheSameSessionWithItsToken() {
		try (GameClient page = GameClient.connect(this.port, "")) {
			JsonNode first = page.await("session");
			String sessionId = first.get("sessionId").asString();
			String token = first.get("resumeToken").asString();
			login(page, "eve");
			clicks(page, 4);
			page.await("state", (state) -> state.get("coins").asInt() == 4);
			page.drop();
			try (GameClient again = GameClient.connect(this.port, "?resume=" + token)) {
				JsonNode welcome = again.await("session");
				assertThat(welcome.get("sessionId").asString()).isEqualTo(sessionId);
				assertThat(welcome.get("userId").asString()).isEqualTo("eve");
				assertThat(welcome.get("resumeToken").asString()).isNotEqualTo(token);
				again.send("{\"type\":\"sync\"}");
				assertThat(again.await("state").get("coins").asInt()).isEqualTo(4);
			}
		}
	}

	@Test
	void loggingInAgainElsewhereKicksTheFirstPage() {
		try (GameClient first = GameClient.connect(this.port, ""); GameClient second = GameClient.connect(this.port, "")) {
			first.await("session");
			second.await("session");
			login(first, "fay");
			login(second, "fay");
			assertThat(first.awaitCloseCode()).isEqualTo(4000);
			assertThat(first.closeReason()).isEqualTo("Logged in from another session");
			second.await("event", (event) -> event.get("text").asString()
				.equals("fay kicked: Logged in from another session"));
			second.send("{\"type\":\"sync\"}");
			assertThat(second.await("state", (state) -> !state.get("name").isNull()).get("name").asString())
				.isEqualTo("fay");
		}
	}

	private static void login(GameClient page, String name) {
		page.send("{\"type\":\"login\",\"name\":\"" + name + "\"}");
		page.await("state", (state) -> name.equals(state.get("name").asString()));
	}

	private static void clicks(GameClient page, int count) {
		for (int i = 0; i < count; i++) {
			page.send("{\"type\":\"click\"}");
		}
	}

	private static List<String> names(JsonNode players) {
		return players.get("players").valueStream().map((player) -> player.get("name").asString()).toList();
	}

	private static int levelOf(JsonNode players, String name) {
		return players.get("players").valueStream()
			.filter((player) -> player.get("name").asString().equals(name))
			.mapToInt((player) -> player.get("level").asInt())
			.findFirst()
			.orElse(0);
	}

}
