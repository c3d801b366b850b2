package dev.gamesessions.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * The user data every persistence benchmark writes: a player as a JSON object of about
 * 1 KiB, mutated in place between rounds.
 */
final class Payload {

	/** Size the encoded player grows to. */
	static final int TARGET_BYTES = 1024;

	private static final JsonMapper json = JsonMapper.builder().build();

	private Payload() {
	}

	/**
	 * A player whose JSON form is {@link #TARGET_BYTES} bytes or just above.
	 * @param index the player number
	 * @return a mutable map
	 */
	static Map<String, Object> player(int index) {
		Map<String, Object> player = new LinkedHashMap<>();
		player.put("name", "player-" + index);
		player.put("coins", 0);
		player.put("level", index % 100);
		List<String> inventory = new ArrayList<>();
		player.put("inventory", inventory);
		while (encodedSize(player) < TARGET_BYTES) {
			inventory.add("item-" + inventory.size() + "-sword");
		}
		return player;
	}

	/**
	 * Changes the player the way a game does between two persists.
	 * @param player a map from {@link #player(int)}
	 * @param round the round number
	 */
	static void mutate(Object player, int round) {
		@SuppressWarnings("unchecked")
		Map<String, Object> map = (Map<String, Object>) player;
		map.put("coins", round);
	}

	static int encodedSize(Object value) {
		return json.writeValueAsBytes(value).length;
	}

}
