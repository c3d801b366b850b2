package dev.gamesessions.samples.clicker;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The JSON messages of the game. The page sends {@link Command}s; the server answers with
 * the others, each with a {@code type} the page switches on. (The starter sends the first
 * message of every connection itself: {@code {"type":"session",…}} with the resume token.)
 */
final class Messages {

	private Messages() {
	}

	/**
	 * What the page asks: {@code sync}, {@code login} (with a name), {@code click},
	 * {@code buy} (with an item) or {@code logout}.
	 *
	 * @param type the command
	 * @param name the name to log in with
	 * @param item the item to buy
	 */
	record Command(@Nullable String type, @Nullable String name, @Nullable String item) {
	}

	/**
	 * The player's own state.
	 *
	 * @param type {@code state}
	 * @param name the player's name, or {@code null} while playing anonymously
	 * @param coins coins to spend
	 * @param level the player's level
	 * @param items items bought
	 * @param shop the price of each item
	 */
	record State(String type, @Nullable String name, int coins, int level, List<String> items,
			Map<String, Integer> shop) {

		State(@Nullable String name, int coins, int level, List<String> items, Map<String, Integer> shop) {
			this("state", name, coins, level, items, shop);
		}

	}

	/**
	 * A purchase, sent once it is durable in the store.
	 *
	 * @param type {@code purchased}
	 * @param item the item bought
	 * @param coins coins left
	 */
	record Purchased(String type, String item, int coins) {

		Purchased(String item, int coins) {
			this("purchased", item, coins);
		}

	}

	/**
	 * Who is online, sent to every page at most twice a second when it changed.
	 *
	 * @param type {@code players}
	 * @param players the highest players, by level
	 * @param online how many players are online in all
	 */
	record Players(String type, List<OnlinePlayer> players, int online) {

		Players(List<OnlinePlayer> players, int online) {
			this("players", players, online);
		}

	}

	/**
	 * One player in the list.
	 *
	 * @param name the name
	 * @param level the level
	 * @param away whether their connection dropped and the session waits for them to return
	 */
	record OnlinePlayer(String name, int level, boolean away) {
	}

	/**
	 * A line of the live event log.
	 *
	 * @param type {@code event}
	 * @param text the line
	 */
	record Event(String type, String text) {

		Event(String text) {
			this("event", text);
		}

	}

	/**
	 * A request the game refused.
	 *
	 * @param type {@code error}
	 * @param text why, for the player
	 */
	record Error(String type, String text) {

		Error(String text) {
			this("error", text);
		}

	}

}
