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

	/** Inventory items that bring player 0 to the target size; others differ by a few bytes. */
	private static final int INVENTORY_ITEMS = itemsToReachTarget();

	private Payload() {
	}

	/**
	 * A player whose JSON form is about {@link #TARGET_BYTES} bytes.
	 * @param index the player number
	 * @return a mutable map
	 */
	static Map<String, Object> player(int index) {
		return player(index, INVENTORY_ITEMS);
	}

	private static Map<String, Object> player(int index, int items) {
		Map<String, Object> player = new LinkedHashMap<>();
		player.put("name", "player-" + index);
		player.put("coins", 0);
		player.put("level", index % 100);
		List<String> inventory = new ArrayList<>(items);
		for (int i = 0; i < items; i++) {
			inventory.add("item-" + i + "-sword");
		}
		player.put("inventory", inventory);
		return player;
	}

	private static int itemsToReachTarget() {
		int items = 0;
		while (encodedSize(player(0, items)) < TARGET_BYTES) {
			items++;
		}
		return items;
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

	/** The JSON form of a player, as a writer that does not use our engine would send it. */
	static byte[] encode(Object value) {
		return json.writeValueAsBytes(value);
	}

	static int encodedSize(Object value) {
		return json.writeValueAsBytes(value).length;
	}

}
