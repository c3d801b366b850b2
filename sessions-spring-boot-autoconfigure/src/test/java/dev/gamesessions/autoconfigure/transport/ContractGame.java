package dev.gamesessions.autoconfigure.transport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.gamesessions.Session;
import dev.gamesessions.autoconfigure.event.GameSessionEvent;
import dev.gamesessions.autoconfigure.websocket.GameMessageHandler;
import dev.gamesessions.store.InMemoryUserDataStore;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

/**
 * The game every transport of the contract serves: {@code echo:<text>} answers
 * {@code echo <text> from <session id>} (the handler sees the player's session),
 * {@code login:<name>} identifies the session and answers {@code welcome <name>}. It
 * records every game session event it is sent as a Spring event.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class ContractGame {

	/** Header with which the transport's stand-in for Spring Security authenticates a request. */
	public static final String USER_HEADER = "X-Test-User";

	final List<GameSessionEvent> events = new CopyOnWriteArrayList<>();

	@Bean
	InMemoryUserDataStore userDataStore() {
		return new InMemoryUserDataStore();
	}

	@Bean
	GameMessageHandler contractGameHandler() {
		return (session, message) -> {
			int colon = message.indexOf(':');
			String command = message.substring(0, colon);
			String argument = message.substring(colon + 1);
			if (command.equals("login")) {
				session.identify(argument);
				session.client().send("welcome " + argument);
			}
			else {
				session.client().send("echo " + argument + " from " + session.id());
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

}
