package dev.gamesessions.autoconfigure.readme;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.gamesessions.Session;
import dev.gamesessions.SessionManager;
import dev.gamesessions.autoconfigure.web.CurrentSession;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's {@code @CurrentSession} controller method, as written.
 */
@SpringBootTest(classes = CurrentSessionTests.Application.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "game.sessions.store=memory")
class CurrentSessionTests {

	@LocalServerPort
	private int port;

	@Autowired
	private SessionManager manager;

	@Test
	void joiningARoomKeepsItInTheSessionData() throws Exception {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/api/room?room=red"))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"name\":\"red\",\"players\":1}");
		assertThat(response.headers().firstValue("Set-Cookie")).hasValueSatisfying(
				(cookie) -> assertThat(cookie).startsWith("GAMESESSION="));
		assertThat(this.manager.sessions()).singleElement()
			.satisfies((session) -> assertThat(session.data().get("room", String.class)).isEqualTo("red"));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(RoomController.class)
	static class Application {

	}

	record Room(String name, int players) {
	}

	static class Rooms {

		private final Map<String, Integer> players = new ConcurrentHashMap<>();

		Room join(Session session, String room) {
			return new Room(room, this.players.merge(room, 1, Integer::sum));
		}

	}

	@RestController
	static class RoomController {

		private final Rooms rooms = new Rooms();

// @formatter:off
// The README's snippet, verbatim.
@PostMapping("/api/room")
Room join(@CurrentSession Session session, @RequestParam String room) {
    session.data().set("room", room);        // saved after the response
    return rooms.join(session, room);
}
// @formatter:on

	}

}
