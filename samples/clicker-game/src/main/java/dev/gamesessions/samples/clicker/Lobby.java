package dev.gamesessions.samples.clicker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.gamesessions.ClientMessenger;
import dev.gamesessions.Session;
import dev.gamesessions.SessionManager;
import dev.gamesessions.SessionState;
import dev.gamesessions.autoconfigure.event.SessionDestroyedEvent;
import dev.gamesessions.autoconfigure.event.SessionDisconnectedEvent;
import dev.gamesessions.autoconfigure.event.SessionIdentifiedEvent;
import dev.gamesessions.autoconfigure.event.SessionReconnectedEvent;

import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The pages that show the game (those that sent {@code sync}): they get the event log and
 * the online players list.
 * <p>
 * The players list costs a message per page, not one per page per change: changes only
 * mark it stale, and twice a second a stale list goes out once to every page, with the
 * {@value #SHOWN} highest players and the number online. With a thousand players logging in
 * at once, that is a thousand messages a second, not a million.
 */
@Component
class Lobby {

	/** How many players the list names; the rest are counted. */
	static final int SHOWN = 50;

	private final SessionManager sessions;

	private final Set<Session> pages = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean stale = new AtomicBoolean();

	Lobby(SessionManager sessions) {
		this.sessions = sessions;
	}

	/** A page that shows the game: from now on it gets the event log and the players list. */
	void watch(Session session) {
		this.pages.add(session);
	}

	/**
	 * Sends a message to every page.
	 * @param message the message, sent as JSON
	 */
	void broadcast(Object message) {
		for (Session page : this.pages) {
			ClientMessenger client = page.client();
			if (client != null) {
				client.sendJson(message);
			}
		}
	}

	/**
	 * The players online: the highest {@value #SHOWN}, and how many there are.
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
		List<Messages.OnlinePlayer> highest = new ArrayList<>(byName.values());
		highest.sort(Comparator.comparing(Messages.OnlinePlayer::level).reversed());
		return new Messages.Players(highest.subList(0, Math.min(SHOWN, highest.size())), byName.size());
	}

	/** Marks the players list stale (a login, a drop, a return, a level-up). */
	void playersChanged() {
		this.stale.set(true);
	}

	/** Sends a stale players list to every page, at most twice a second. */
	@Scheduled(fixedDelay = 500)
	void sendPlayersWhenStale() {
		if (this.stale.getAndSet(false)) {
			broadcast(players());
		}
	}

	@EventListener({ SessionIdentifiedEvent.class, SessionDisconnectedEvent.class, SessionReconnectedEvent.class })
	void onPresenceChanged() {
		playersChanged();
	}

	@EventListener
	void onDestroyed(SessionDestroyedEvent event) {
		this.pages.remove(event.getSession());
		playersChanged();
	}

}
