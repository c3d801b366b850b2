package dev.gamesessions.samples.clicker;

import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

import dev.gamesessions.ClientMessenger;
import dev.gamesessions.Session;
import dev.gamesessions.SessionManager;
import dev.gamesessions.SessionState;
import dev.gamesessions.autoconfigure.event.SessionDestroyedEvent;
import dev.gamesessions.autoconfigure.event.SessionDisconnectedEvent;
import dev.gamesessions.autoconfigure.event.SessionIdentifiedEvent;
import dev.gamesessions.autoconfigure.event.SessionReconnectedEvent;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Everyone connected: sends a message to every page, and keeps the online players list up
 * to date on each page as players log in, drop, return, leave and level up.
 */
@Component
class Lobby {

	private final SessionManager sessions;

	Lobby(SessionManager sessions) {
		this.sessions = sessions;
	}

	/**
	 * Sends a message to every connected page.
	 * @param message the message, sent as JSON
	 */
	void broadcast(Object message) {
		for (Session session : this.sessions.sessions()) {
			ClientMessenger client = session.client();
			if (client != null) {
				client.sendJson(message);
			}
		}
	}

	/**
	 * The players online, by name.
	 * @return the players message
	 */
	Messages.Players players() {
		Map<String, Messages.OnlinePlayer> byName = new TreeMap<>();
		for (Session session : this.sessions.sessions()) {
			if (session.userData() instanceof Player player && !session.state().isEnded()) {
				boolean away = session.state() == SessionState.DISCONNECTED;
				byName.merge(player.name(), new Messages.OnlinePlayer(player.name(), player.level(), away),
						(one, other) -> one.away() ? other : one);
			}
		}
		return new Messages.Players(byName.values().stream()
			.sorted(Comparator.comparing(Messages.OnlinePlayer::level).reversed())
			.toList());
	}

	/** Sends the players list to every page; also called on a level-up. */
	void playersChanged() {
		broadcast(players());
	}

	@EventListener({ SessionIdentifiedEvent.class, SessionDisconnectedEvent.class, SessionReconnectedEvent.class,
			SessionDestroyedEvent.class })
	void onPresenceChanged() {
		playersChanged();
	}

}
