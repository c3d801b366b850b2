package dev.gamesessions.samples.clicker;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;

import dev.gamesessions.ClientMessenger;
import dev.gamesessions.DataCodec;
import dev.gamesessions.HandOverTimeoutException;
import dev.gamesessions.PersistenceException;
import dev.gamesessions.Session;
import dev.gamesessions.SessionException;
import dev.gamesessions.UserAlreadyOnlineException;
import dev.gamesessions.autoconfigure.websocket.GameMessageHandler;
import dev.gamesessions.store.StoreException;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The game: every message a page sends on {@code /play} arrives here with the player's
 * session. Guests click for coins kept in the session data; a login turns them into a
 * {@link Player} (the user data, saved by the starter), and the shop sells items for coins.
 */
@Component
class ClickerGame implements GameMessageHandler {

	/** Prices, in the order the shop shows them. */
	static final Map<String, Integer> SHOP = shop();

	/** Session data key of the coins a guest earned before logging in. */
	static final String GUEST_COINS = "guestCoins";

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,20}");

	private final DataCodec codec;

	private final Lobby lobby;

	ClickerGame(DataCodec codec, Lobby lobby) {
		this.codec = codec;
		this.lobby = lobby;
	}

	@Override
	public void handleMessage(Session session, String message) {
		Messages.Command command = this.codec.decode(message, Messages.Command.class);
		switch (Objects.requireNonNullElse(command.type(), "")) {
			case "sync" -> {   // a page showing the game: the event log and players list from now on
				this.lobby.watch(session);
				sendState(session);
				send(session, this.lobby.players());
			}
			case "login" -> login(session, command.name());
			case "click" -> click(session);
			case "buy" -> buy(session, command.item());
			case "logout" -> session.destroy();   // the starter closes the socket with 4002
			default -> refuse(session, "Unknown command: " + command.type());
		}
	}

	private void login(Session session, @Nullable String name) {
		if (name == null || !NAME.matcher(name).matches()) {
			refuse(session, "Names are 1 to 20 letters, digits, '-' or '_'");
			return;
		}
		if (session.isIdentified()) {
			refuse(session, "Already logged in as " + session.userId());
			return;
		}
		// Loads the player, or creates one; kicks an older login of the same name, on this
		// server or another. Asynchronous: the connection's thread never waits for the store
		// or for another server to let go of the player.
		session.identifyAsync(name).whenComplete((identified, failure) -> {
			if (failure != null) {
				refuse(session, loginRefused(failure));
				return;
			}
			Integer guestCoins = session.data().get(GUEST_COINS, Integer.class);
			if (guestCoins != null) {
				session.userData(session.userData(Player.class).earn(guestCoins));
				session.data().remove(GUEST_COINS);
			}
			sendState(session);
		});
	}

	private static String loginRefused(Throwable failure) {
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		if (cause instanceof HandOverTimeoutException) {
			return "Your other login has not let go yet; try again in a moment";
		}
		if (cause instanceof UserAlreadyOnlineException) {
			return "You are already playing somewhere else";
		}
		if (cause instanceof SessionException) {
			return "Could not log in: " + cause.getMessage();
		}
		return "Could not log in right now; try again";
	}

	private void click(Session session) {
		if (!session.isIdentified()) {
			try {
				Integer guestCoins = session.data().get(GUEST_COINS, Integer.class);
				session.data().set(GUEST_COINS, (guestCoins != null) ? guestCoins + 1 : 1);
			}
			catch (StoreException ex) {
				// Guest coins live in the session data, in the store: not countable while it is down.
				refuse(session, "The game cannot reach its store right now; guest coins are not counted");
				return;
			}
			sendState(session);
			return;
		}
		Player before = session.userData(Player.class);
		Player after = before.earn(1);
		session.userData(after);   // saved by the persistence policy: on disconnect, at shutdown, on the interval
		sendState(session);
		if (after.level() > before.level()) {
			this.lobby.playersChanged();
		}
	}

	private void buy(Session session, @Nullable String item) {
		Integer price = (item != null) ? SHOP.get(item) : null;
		if (!session.isIdentified()) {
			refuse(session, "Log in to shop");
			return;
		}
		if (item == null || price == null) {
			refuse(session, "The shop has no " + item);
			return;
		}
		Player player = session.userData(Player.class);
		if (!player.canAfford(price)) {
			refuse(session, "A " + item + " costs " + price + " coins");
			return;
		}
		Player after = player.buy(item, price);
		session.userData(after);
		try {
			session.persistNow();   // spending coins is a critical moment: durable before we confirm
		}
		catch (PersistenceException ex) {
			refuse(session, "Your " + item + " is not saved yet; it will be as soon as the store is back");
			return;
		}
		send(session, new Messages.Purchased(item, after.coins()));
		sendState(session);
	}

	private void sendState(Session session) {
		if (session.isIdentified()) {
			Player player = session.userData(Player.class);
			send(session, new Messages.State(player.name(), player.coins(), player.level(), player.items(), SHOP));
			return;
		}
		Integer guestCoins;
		try {
			guestCoins = session.data().get(GUEST_COINS, Integer.class);
		}
		catch (StoreException ex) {
			guestCoins = null;   // shown as none while the store is down
		}
		Player guest = Player.newPlayer("guest").earn((guestCoins != null) ? guestCoins : 0);
		send(session, new Messages.State(null, guest.coins(), guest.level(), guest.items(), SHOP));
	}

	private void refuse(Session session, String reason) {
		send(session, new Messages.Error(reason));
	}

	private static void send(Session session, Object message) {
		ClientMessenger client = session.client();
		if (client != null) {   // none once the player has left: nothing to tell them
			client.sendJson(message);
		}
	}

	private static Map<String, Integer> shop() {
		Map<String, Integer> prices = new LinkedHashMap<>();
		prices.put("hat", 5);
		prices.put("shield", 15);
		prices.put("sword", 30);
		prices.put("crown", 100);
		return Collections.unmodifiableMap(prices);
	}

}
