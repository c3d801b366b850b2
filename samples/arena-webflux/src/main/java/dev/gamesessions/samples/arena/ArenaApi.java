package dev.gamesessions.samples.arena;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.gamesessions.Session;
import dev.gamesessions.autoconfigure.web.CurrentSession;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A WebFlux controller with the player's session: the signed session cookie it sets
 * names the same session when the page then opens the WebSocket.
 */
@RestController
class ArenaApi {

	@GetMapping("/api/me")
	Map<String, Object> me(@CurrentSession Session session) {
		Map<String, Object> me = new LinkedHashMap<>();
		me.put("sessionId", session.id());
		me.put("name", (session.userId() != null) ? session.userId() : "");
		return me;
	}

}
