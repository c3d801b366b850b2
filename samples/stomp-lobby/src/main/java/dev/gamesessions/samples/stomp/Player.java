package dev.gamesessions.samples.stomp;

/**
 * A logged-in player's user data: kept by the starter, stored as JSON.
 *
 * @param name the name the player logged in with
 * @param coins the coins the player has
 */
public record Player(String name, int coins) {

	Player click() {
		return new Player(this.name, this.coins + 1);
	}

}
