package dev.gamesessions.samples.clicker;

import java.util.ArrayList;
import java.util.List;

/**
 * A player's saved progress: the user data the starter loads at login and persists. Stored
 * as JSON; immutable, so each change is a new value given to {@code session.userData(…)}.
 *
 * @param name the name the player logged in with (the user id)
 * @param coins coins to spend
 * @param level rises with the coins a player holds, and never falls when they spend them
 * @param items what the player bought, in order
 */
public record Player(String name, int coins, int level, List<String> items) {

	/** Coins per level. */
	static final int COINS_PER_LEVEL = 10;

	public Player {
		items = List.copyOf(items);
	}

	/**
	 * A first-time player.
	 * @param name the name
	 * @return a player with no coins at level 1
	 */
	public static Player newPlayer(String name) {
		return new Player(name, 0, 1, List.of());
	}

	/**
	 * Earns coins (a click earns one), reaching the level they give.
	 * @param earned coins earned
	 * @return the new state
	 */
	public Player earn(int earned) {
		int total = this.coins + earned;
		return new Player(this.name, total, Math.max(this.level, 1 + total / COINS_PER_LEVEL), this.items);
	}

	/**
	 * Whether the player can pay a price.
	 * @param price the price
	 * @return whether they hold enough coins
	 */
	public boolean canAfford(int price) {
		return this.coins >= price;
	}

	/**
	 * Buys an item.
	 * @param item the item
	 * @param price its price, which the player can afford
	 * @return the new state
	 */
	public Player buy(String item, int price) {
		List<String> bought = new ArrayList<>(this.items);
		bought.add(item);
		return new Player(this.name, this.coins - price, this.level, bought);
	}

}
