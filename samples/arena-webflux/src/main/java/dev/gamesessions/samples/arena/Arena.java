package dev.gamesessions.samples.arena;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;

import dev.gamesessions.ClientMessenger;
import dev.gamesessions.DataCodec;
import dev.gamesessions.Session;
import dev.gamesessions.autoconfigure.websocket.GameMessageHandler;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The game: every message a fighter sends on {@code /arena} arrives here with their
 * session, off Reactor Netty's event loop, one at a time for each connection. Commands are
 * JSON: {@code {"type":"join","name":"ada"}} identifies the session as that fighter
 * (loading their hits, kicking an older connection of theirs), {@code {"type":"hit"}}
 * scores a hit.
 */
@Component
class Arena implements GameMessageHandler {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,20}");

	private final DataCodec codec;

	Arena(DataCodec codec) {
		this.codec = codec;
	}

	/**
	 * A command from a fighter.
	 *
	 * @param type {@code join} or {@code hit}
	 * @param name the name to join with
	 */
	record Command(@Nullable String type, @Nullable String name) {
	}

	@Override
	public void handleMessage(Session session, String message) {
		Command command = this.codec.decode(message, Command.class);
		switch (Objects.requireNonNullElse(command.type(), "")) {
			case "join" -> join(session, command.name());
			case "hit" -> hit(session);
			default -> send(session, Map.of("type", "error", "message", "Unknown command: " + command.type()));
		}
	}

	private void join(Session session, @Nullable String name) {
		if (name == null || !NAME.matcher(name).matches()) {
			send(session, Map.of("type", "error", "message", "Names are 1 to 20 letters, digits, '-' or '_'"));
			return;
		}
		// Never waits on this thread for the store or for another node to let go of the fighter.
		session.identifyAsync(name).whenComplete((identified, failure) -> {
			if (failure != null) {
				Throwable cause = (failure instanceof CompletionException && failure.getCause() != null)
						? failure.getCause() : failure;
				send(session, Map.of("type", "error", "message", "Could not join: " + cause.getMessage()));
				return;
			}
			Fighter fighter = session.userData(Fighter.class);
			send(session, Map.of("type", "joined", "name", fighter.name(), "hits", fighter.hits()));
		});
	}

	private void hit(Session session) {
		if (!session.isIdentified()) {
			send(session, Map.of("type", "error", "message", "Join first"));
			return;
		}
		Fighter fighter = session.userData(Fighter.class).hit();
		session.userData(fighter);
		send(session, Map.of("type", "hits", "hits", fighter.hits()));
	}

	private static void send(Session session, Object message) {
		ClientMessenger client = session.client();
		if (client != null) {
			client.sendJson(message);
		}
	}

}
