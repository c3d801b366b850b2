package dev.gamesessions.samples.stomp;

import java.util.Map;

import dev.gamesessions.ClientMessenger;
import dev.gamesessions.Session;
import dev.gamesessions.autoconfigure.event.SessionIdentifiedEvent;
import dev.gamesessions.autoconfigure.event.SessionKickedEvent;

import org.springframework.context.event.EventListener;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.stereotype.Controller;

/**
 * The lobby: {@code @MessageMapping} methods that take the player's game session.
 * <ul>
 * <li>{@code /app/click}: one more coin (guests keep theirs in session data, logged-in
 * players in their user data); the new state goes to this player only, through
 * {@code session.client()};</li>
 * <li>{@code /app/login}: identifies the session as the name (loads the player, kicks an
 * older login of the same name);</li>
 * <li>{@code /app/chat}: a line on {@code /topic/chat} for everyone.</li>
 * </ul>
 */
@Controller
class LobbyController {

	private static final int MAX_LINE = 200;

	private final SimpMessagingTemplate broker;

	LobbyController(SimpMessagingTemplate broker) {
		this.broker = broker;
	}

	@MessageMapping("/click")
	void click(Session session) {
		if (session.isIdentified()) {
			session.userData(session.userData(Player.class).click());
		}
		else {
			Integer coins = session.data().get("coins", Integer.class);
			session.data().set("coins", (coins != null) ? coins + 1 : 1);
		}
		sendState(session);
	}

	@MessageMapping("/login")
	void login(Session session, String name) {
		String trimmed = name.strip();
		if (trimmed.isEmpty() || trimmed.length() > 32) {
			send(session, Map.of("type", "error", "message", "A name has 1 to 32 characters"));
			return;
		}
		// Loading the player may wait for the store: never on the inbound channel's thread.
		session.identifyAsync(trimmed).whenComplete((identified, failure) -> {
			if (failure != null) {
				send(session, Map.of("type", "error", "message", "Could not log in, try again"));
			}
			else {
				sendState(session);
			}
		});
	}

	@MessageMapping("/chat")
	@SendTo("/topic/chat")
	String chat(Session session, String text) {
		String line = (text.length() > MAX_LINE) ? text.substring(0, MAX_LINE) : text;
		return nameOf(session) + ": " + line;
	}

	@EventListener
	void joined(SessionIdentifiedEvent event) {
		this.broker.convertAndSend("/topic/chat", "* " + event.getUserId() + " joined");
	}

	@EventListener
	void kicked(SessionKickedEvent event) {
		this.broker.convertAndSend("/topic/chat", "* " + nameOf(event.getSession()) + " moved to another window");
	}

	private void sendState(Session session) {
		int coins;
		if (session.isIdentified()) {
			coins = session.userData(Player.class).coins();
		}
		else {
			Integer guestCoins = session.data().get("coins", Integer.class);
			coins = (guestCoins != null) ? guestCoins : 0;
		}
		send(session, Map.of("type", "state", "name", nameOf(session), "coins", coins));
	}

	private static void send(Session session, Object message) {
		ClientMessenger client = session.client();
		if (client != null) {
			client.sendJson(message);
		}
	}

	private static String nameOf(Session session) {
		String userId = session.userId();
		return (userId != null) ? userId : "guest-" + session.maskedId();
	}

}
