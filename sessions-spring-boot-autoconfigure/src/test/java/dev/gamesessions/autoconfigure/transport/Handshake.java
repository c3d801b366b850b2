package dev.gamesessions.autoconfigure.transport;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a player's client puts into the handshake: request headers (an {@code Origin}, a
 * resume token header, the test's stand-in for an authenticated user) and query
 * parameters.
 *
 * @param headers the request headers
 * @param query the query parameters
 */
public record Handshake(Map<String, String> headers, Map<String, String> query) {

	/** A plain handshake. */
	public static Handshake plain() {
		return new Handshake(Map.of(), Map.of());
	}

	public Handshake header(String name, String value) {
		Map<String, String> more = new LinkedHashMap<>(this.headers);
		more.put(name, value);
		return new Handshake(more, this.query);
	}

	public Handshake parameter(String name, String value) {
		Map<String, String> more = new LinkedHashMap<>(this.query);
		more.put(name, value);
		return new Handshake(this.headers, more);
	}

}
