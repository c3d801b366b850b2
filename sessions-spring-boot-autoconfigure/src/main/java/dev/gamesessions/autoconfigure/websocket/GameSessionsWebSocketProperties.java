package dev.gamesessions.autoconfigure.websocket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.gamesessions.autoconfigure.IdentitySource;
import dev.gamesessions.autoconfigure.InvalidSessionAction;
import dev.gamesessions.autoconfigure.WebSocketMode;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of players' WebSocket connections.
 */
@ConfigurationProperties("game.sessions.websocket")
public class GameSessionsWebSocketProperties {

	/**
	 * Path of the game's WebSocket endpoint; when set, the endpoint is registered and every
	 * connection gets a session.
	 */
	private @Nullable String path;

	/**
	 * Origins allowed to open a WebSocket, as patterns (such as https://*.example.com); when
	 * empty, only pages of the same origin may connect. Clients that send no Origin header
	 * (native game clients) are allowed.
	 */
	private List<String> allowedOrigins = new ArrayList<>();

	/**
	 * When session data is loaded and saved.
	 */
	private WebSocketMode mode = WebSocketMode.PER_CONNECTION;

	/**
	 * What a handshake that names an unknown, expired or unreadable session gets.
	 */
	private InvalidSessionAction onInvalid = InvalidSessionAction.NEW_SESSION;

	/**
	 * Where the player's identity is taken from at the handshake, in order of precedence.
	 */
	private List<IdentitySource> identity = new ArrayList<>(List.of(IdentitySource.RESUME_TOKEN,
			IdentitySource.COOKIE, IdentitySource.HTTP_SESSION, IdentitySource.PRINCIPAL));

	/**
	 * Name of the query parameter carrying the resume token.
	 */
	private String resumeParameter = "resume";

	/**
	 * Name of the header carrying the resume token.
	 */
	private String resumeHeader = "X-Game-Session-Resume";

	/**
	 * Largest inbound message; a larger one closes the connection with code 1009. The
	 * container keeps buffers of this size for every connection, so raising it costs
	 * memory per player.
	 */
	private DataSize maxMessageSize = DataSize.ofKilobytes(8);

	/**
	 * How long a connection may send nothing before it is pinged (a connection that
	 * keeps sending is not pinged); 0 disables heartbeats and the idle timeout.
	 */
	private Duration heartbeat = Duration.ofSeconds(25);

	/**
	 * How long a connection may send nothing (no message, no pong) before it is closed
	 * with code 4003.
	 */
	private Duration idleTimeout = Duration.ofSeconds(60);

	/**
	 * Longest time one send to a player may take before the connection is closed.
	 */
	private Duration sendTimeLimit = Duration.ofSeconds(10);

	/**
	 * Most bytes queued for a player who reads slowly before the connection is closed.
	 */
	private DataSize sendBufferSize = DataSize.ofKilobytes(512);

	/**
	 * Whether the first message on each connection is a JSON "session" message with the
	 * session id and the resume token.
	 */
	private boolean welcome = true;

	/**
	 * Whether, on WebFlux, messages go to the application's handler on the connection's
	 * event loop instead of Reactor's bounded elastic scheduler: only for a handler (and
	 * SessionMessageEvent listeners) that never blocks, using identifyAsync and persistAsync
	 * rather than identify and persistNow. Ignored in per-message mode and on the servlet
	 * stack.
	 */
	private boolean eventLoopHandler;

	public @Nullable String getPath() {
		return this.path;
	}

	public void setPath(@Nullable String path) {
		this.path = path;
	}

	public List<String> getAllowedOrigins() {
		return this.allowedOrigins;
	}

	public void setAllowedOrigins(List<String> allowedOrigins) {
		this.allowedOrigins = allowedOrigins;
	}

	public WebSocketMode getMode() {
		return this.mode;
	}

	public void setMode(WebSocketMode mode) {
		this.mode = mode;
	}

	public InvalidSessionAction getOnInvalid() {
		return this.onInvalid;
	}

	public void setOnInvalid(InvalidSessionAction onInvalid) {
		this.onInvalid = onInvalid;
	}

	public List<IdentitySource> getIdentity() {
		return this.identity;
	}

	public void setIdentity(List<IdentitySource> identity) {
		this.identity = identity;
	}

	public String getResumeParameter() {
		return this.resumeParameter;
	}

	public void setResumeParameter(String resumeParameter) {
		this.resumeParameter = resumeParameter;
	}

	public String getResumeHeader() {
		return this.resumeHeader;
	}

	public void setResumeHeader(String resumeHeader) {
		this.resumeHeader = resumeHeader;
	}

	public DataSize getMaxMessageSize() {
		return this.maxMessageSize;
	}

	public void setMaxMessageSize(DataSize maxMessageSize) {
		this.maxMessageSize = maxMessageSize;
	}

	public Duration getHeartbeat() {
		return this.heartbeat;
	}

	public void setHeartbeat(Duration heartbeat) {
		this.heartbeat = heartbeat;
	}

	public Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	public void setIdleTimeout(Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
	}

	public Duration getSendTimeLimit() {
		return this.sendTimeLimit;
	}

	public void setSendTimeLimit(Duration sendTimeLimit) {
		this.sendTimeLimit = sendTimeLimit;
	}

	public DataSize getSendBufferSize() {
		return this.sendBufferSize;
	}

	public void setSendBufferSize(DataSize sendBufferSize) {
		this.sendBufferSize = sendBufferSize;
	}

	public boolean isWelcome() {
		return this.welcome;
	}

	public void setWelcome(boolean welcome) {
		this.welcome = welcome;
	}

	public boolean isEventLoopHandler() {
		return this.eventLoopHandler;
	}

	public void setEventLoopHandler(boolean eventLoopHandler) {
		this.eventLoopHandler = eventLoopHandler;
	}

}
