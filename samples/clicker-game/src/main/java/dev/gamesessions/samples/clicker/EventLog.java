package dev.gamesessions.samples.clicker;

import java.util.Locale;

import dev.gamesessions.Session;
import dev.gamesessions.autoconfigure.event.PersistFailedEvent;
import dev.gamesessions.autoconfigure.event.PersistUserDataEvent;
import dev.gamesessions.autoconfigure.event.SessionCreatedEvent;
import dev.gamesessions.autoconfigure.event.SessionDestroyedEvent;
import dev.gamesessions.autoconfigure.event.SessionDestroyingEvent;
import dev.gamesessions.autoconfigure.event.SessionDisconnectedEvent;
import dev.gamesessions.autoconfigure.event.SessionIdentifiedEvent;
import dev.gamesessions.autoconfigure.event.SessionInvalidEvent;
import dev.gamesessions.autoconfigure.event.SessionKickedEvent;
import dev.gamesessions.autoconfigure.event.SessionReconnectedEvent;
import dev.gamesessions.autoconfigure.event.SessionStartedEvent;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The live event log: one {@code @EventListener} per event the starter publishes, each
 * sending a short line to every page. Sessions are named by user id or
 * {@link Session#maskedId() masked id}; a resume token or a whole id is never shown.
 */
@Component
class EventLog {

	private final Lobby lobby;

	EventLog(Lobby lobby) {
		this.lobby = lobby;
	}

	@EventListener
	void onCreated(SessionCreatedEvent event) {
		log("session " + event.getSession().maskedId() + " created");
	}

	@EventListener
	void onStarted(SessionStartedEvent event) {
		log(nameOf(event.getSession()) + " connected");
	}

	@EventListener
	void onIdentified(SessionIdentifiedEvent event) {
		log(event.getUserId() + (event.isFirstTime() ? " joined for the first time" : " logged in"));
	}

	@EventListener
	void onDisconnected(SessionDisconnectedEvent event) {
		log(nameOf(event.getSession()) + " lost the connection; the session waits for them");
	}

	@EventListener
	void onReconnected(SessionReconnectedEvent event) {
		log(nameOf(event.getSession()) + " is back in the same session");
	}

	@EventListener
	void onKicked(SessionKickedEvent event) {
		log(nameOf(event.getSession()) + " kicked: " + event.getReason());
	}

	@EventListener
	void onDestroying(SessionDestroyingEvent event) {
		log("session " + event.getSession().maskedId() + " ending (" + describe(event.getReason()) + ")");
	}

	@EventListener
	void onDestroyed(SessionDestroyedEvent event) {
		log(nameOf(event.getSession()) + " left (" + describe(event.getReason()) + ")");
	}

	@EventListener
	void onPersistUserData(PersistUserDataEvent event) {
		log("saving " + event.getUserId() + " (" + describe(event.getReason()) + ")");
	}

	@EventListener
	void onPersistFailed(PersistFailedEvent event) {
		log("could not save " + event.getUserId() + ": " + event.getCause().getClass().getSimpleName()
				+ (event.isWillRetry() ? ", retrying" : ", gave up"));
	}

	@EventListener
	void onInvalid(SessionInvalidEvent event) {
		log("invalid session " + event.getReference() + " (" + describe(event.getReason()) + "): a new one starts");
	}

	private void log(String line) {
		this.lobby.broadcast(new Messages.Event(line));
	}

	private static String nameOf(Session session) {
		String userId = session.userId();
		return (userId != null) ? userId : "guest " + session.maskedId();
	}

	private static String describe(Enum<?> reason) {
		return reason.name().toLowerCase(Locale.ROOT).replace('_', ' ');
	}

}
