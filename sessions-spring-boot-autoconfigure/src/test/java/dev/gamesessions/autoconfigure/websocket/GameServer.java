package dev.gamesessions.autoconfigure.websocket;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.gamesessions.Session;
import dev.gamesessions.autoconfigure.event.GameSessionEvent;
import dev.gamesessions.autoconfigure.transport.HeaderAuthentication;
import dev.gamesessions.autoconfigure.web.CurrentSession;
import dev.gamesessions.store.InMemoryUserDataStore;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small game server for the tests: messages {@code login:<name>}, {@code coins:<n>},
 * {@code echo:<text>}, {@code data:<name>} (replies with a session data value) go to a
 * {@link GameMessageHandler}; REST endpoints use {@code @CurrentSession}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ GameServer.Api.class, HeaderAuthentication.Servlet.class })
class GameServer {

	final List<GameSessionEvent> events = new CopyOnWriteArrayList<>();

	@Bean
	InMemoryUserDataStore userDataStore() {
		return new InMemoryUserDataStore();
	}

	@Bean
	GameMessageHandler gameMessageHandler() {
		return (session, message) -> {
			int colon = message.indexOf(':');
			String command = message.substring(0, colon);
			String argument = message.substring(colon + 1);
			switch (command) {
				case "login" -> {
					session.identify(argument);
					session.client().send("welcome " + argument);
				}
				case "coins" -> {
					@SuppressWarnings("unchecked")
					Map<String, Object> data = session.userData(Map.class);
					data.put("coins", Integer.parseInt(argument));
					session.client().send("coins " + argument);
				}
				case "data" -> session.client().send("data " + session.data().get(argument, String.class));
				case "setdata" -> {
					String[] parts = argument.split("=", 2);
					session.data().set(parts[0], parts[1]);
					session.client().send("set " + parts[0]);
				}
				default -> session.client().send("echo " + argument);
			}
		};
	}

	@EventListener
	void record(GameSessionEvent event) {
		this.events.add(event);
	}

	List<Class<?>> typesFor(Session session) {
		return this.events.stream()
			.filter((event) -> event.getSource() == session)
			.<Class<?>>map(Object::getClass)
			.toList();
	}

	@RestController
	static class Api {

		@GetMapping("/api/me")
		Map<String, Object> me(@CurrentSession Session session) {
			String room = session.data().get("room", String.class);
			return Map.of("id", session.id(), "room", (room != null) ? room : "");
		}

		@PostMapping("/api/room")
		Map<String, Object> join(@CurrentSession Session session, @org.springframework.web.bind.annotation.RequestParam String room) {
			session.data().set("room", room);
			return Map.of("id", session.id());
		}

		@PostMapping("/api/renew")
		Map<String, Object> renew(@CurrentSession Session session) {
			session.renew();
			return Map.of("id", session.id());
		}

		@PostMapping("/api/http-session")
		Map<String, Object> httpSession(jakarta.servlet.http.HttpServletRequest request) {
			return Map.of("httpSession", request.getSession(true).getId());
		}

		@GetMapping("/api/peek")
		Map<String, Object> peek(@CurrentSession(create = false) Session session) {
			return Map.of("present", session != null);
		}

	}

}
