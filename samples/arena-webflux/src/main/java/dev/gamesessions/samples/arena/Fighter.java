package dev.gamesessions.samples.arena;

/**
 * A fighter's saved progress: the user data the starter loads when they join and
 * persists. Stored as JSON; immutable, so each change is a new value given to
 * {@code session.userData(…)}.
 *
 * @param name the name the fighter joined with (the user id)
 * @param hits hits scored, over every visit
 */
public record Fighter(String name, int hits) {

	/**
	 * A first-time fighter.
	 * @param name the name
	 * @return a fighter with no hits
	 */
	public static Fighter newFighter(String name) {
		return new Fighter(name, 0);
	}

	/**
	 * One more hit.
	 * @return the new state
	 */
	public Fighter hit() {
		return new Fighter(this.name, this.hits + 1);
	}

}
