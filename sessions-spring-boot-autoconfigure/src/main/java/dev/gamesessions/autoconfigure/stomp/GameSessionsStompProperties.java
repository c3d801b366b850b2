package dev.gamesessions.autoconfigure.stomp;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of game sessions on STOMP connections. Identity, the origin
 * allowlist, the welcome and the resume header are shared with plain WebSocket
 * connections ({@code game.sessions.websocket.*}).
 */
@ConfigurationProperties("game.sessions.stomp")
public class GameSessionsStompProperties {

	/**
	 * Default of {@link #getDestination()}.
	 */
	public static final String DEFAULT_DESTINATION = "/user/queue/game-session";

	/**
	 * Whether game sessions attach to the application's STOMP endpoints
	 * (@EnableWebSocketMessageBroker).
	 */
	private boolean enabled = true;

	/**
	 * Destination a player subscribes to after CONNECTED to receive the welcome and what
	 * the application sends with session.client().
	 */
	private String destination = DEFAULT_DESTINATION;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getDestination() {
		return this.destination;
	}

	public void setDestination(String destination) {
		this.destination = destination;
	}

}
