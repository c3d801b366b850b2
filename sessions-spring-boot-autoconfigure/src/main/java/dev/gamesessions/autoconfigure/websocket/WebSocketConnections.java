package dev.gamesessions.autoconfigure.websocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

import dev.gamesessions.ClientMessenger;
import dev.gamesessions.DestroyReason;
import dev.gamesessions.Session;
import dev.gamesessions.SessionEvent;
import dev.gamesessions.SessionListener;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * The open game connections of this node: pings each every heartbeat, closes those silent
 * for longer than the idle timeout, and closes a session's connection when the session is
 * kicked ({@link GameCloseStatus#KICKED}) or destroyed ({@link GameCloseStatus#SESSION_ENDED}).
 * <p>
 * A connection is pinged once it has sent nothing (no message, no pong) for a heartbeat and
 * was not pinged during the last heartbeat. A player who plays needs no ping, and the pings
 * of silent players are spread as their last activity is, instead of every connection of
 * the node being pinged in one burst: with 12,000 connections such a burst held up other
 * messages for about a second, and pinging every connection every heartbeat added, at
 * 24,000 connections and the default 25 s, about 960 pings and pongs a second.
 * <p>
 * The bookkeeping is an {@link ActivityWheel}: a tick looks only at the connections due
 * for a look, and an inbound message costs no lookup, no allocation and no system clock
 * call; pings and idle timeouts are exact to 1/500 of the heartbeat.
 * <p>
 * When the application stops, before the web server does, every connection is closed with
 * 1001 (going away), so that players' pages know the server is restarting rather than
 * seeing the connection drop (1006); this takes at most two seconds.
 */
public class WebSocketConnections implements SessionListener, SmartLifecycle, DisposableBean {

	/** How long closing every connection may hold up the shutdown. */
	private static final long CLOSE_ALL_MILLIS = 2_000;

	private static final Logger logger = LoggerFactory.getLogger(WebSocketConnections.class);

	static final int TICKS_PER_HEARTBEAT = ActivityWheel.TICKS_PER_HEARTBEAT;

	private final Map<String, Connection> connections = new ConcurrentHashMap<>();

	/** The time, as {@link System#nanoTime()}; replaced in tests. */
	private final LongSupplier nanoClock;

	private final ActivityWheel wheel;

	private final @Nullable ScheduledExecutorService heartbeats;

	public WebSocketConnections(Duration heartbeat, Duration idleTimeout) {
		this(heartbeat, idleTimeout, System::nanoTime);
	}

	WebSocketConnections(Duration heartbeat, Duration idleTimeout, LongSupplier nanoClock) {
		this.nanoClock = nanoClock;
		boolean beating = !(heartbeat.isZero() || heartbeat.isNegative());
		this.wheel = new ActivityWheel(beating ? heartbeat : Duration.ofDays(1), idleTimeout, nanoClock.getAsLong());
		if (!beating) {
			this.heartbeats = null;
		}
		else {
			ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (runnable) -> {
				Thread thread = new Thread(runnable, "game-sessions-heartbeat");
				thread.setDaemon(true);
				return thread;
			});
			long tick = this.wheel.tickNanos();
			executor.scheduleWithFixedDelay(this::beat, tick, tick, TimeUnit.NANOSECONDS);
			this.heartbeats = executor;
		}
	}

	/**
	 * Starts watching a connection.
	 * @param connection the connection
	 * @param session its game session
	 * @param messenger the session's messenger on this connection
	 * @return the handle through which the connection's activity is recorded
	 */
	Connection opened(WebSocketSession connection, Session session, WebSocketClientMessenger messenger) {
		Connection opened = new Connection(connection, session, messenger, this.nanoClock.getAsLong());
		this.connections.put(connection.getId(), opened);
		this.wheel.opened(opened);
		return opened;
	}

	/**
	 * Records that a connection was heard from (a message, a pong): see
	 * {@link ActivityWheel#seen}.
	 * @param connection the connection's handle
	 */
	void seen(Connection connection) {
		this.wheel.seen(connection);
	}

	void closed(WebSocketSession connection) {
		Connection closed = this.connections.remove(connection.getId());
		if (closed != null) {
			this.wheel.closed(closed);
		}
	}

	/**
	 * How many connections are open.
	 * @return the count
	 */
	public int size() {
		return this.connections.size();
	}

	@Override
	public void onEvent(SessionEvent event) {
		closeEnded(event);
	}

	/**
	 * The rule every game endpoint follows when its session ends: a kicked session's
	 * connection is closed with {@link GameCloseStatus#KICKED} and the kick's reason, a
	 * session destroyed otherwise (but not by its grace window running out, when it has no
	 * connection) with {@link GameCloseStatus#SESSION_ENDED}.
	 * @param event a session event; others are ignored
	 */
	public static void closeEnded(SessionEvent event) {
		if (event instanceof SessionEvent.Kicked kicked) {
			close(kicked.session(), GameCloseStatus.KICKED, kicked.reason());
		}
		else if (event instanceof SessionEvent.Destroyed destroyed && destroyed.reason() != DestroyReason.KICKED
				&& destroyed.reason() != DestroyReason.GRACE_EXPIRED) {
			close(destroyed.session(), GameCloseStatus.SESSION_ENDED, "Session ended: "
					+ destroyed.reason().name().toLowerCase().replace('_', ' '));
		}
	}

	private static void close(Session session, int code, String reason) {
		ClientMessenger client = session.client();
		if (client != null && client.isOpen()) {
			client.close(code, reason);
		}
	}

	void beat() {
		beat(this.nanoClock.getAsLong());
	}

	/**
	 * One tick of the heartbeat at {@code now} (see {@link ActivityWheel#beat(long)}).
	 * @param now the time on the connections' clock, in nanoseconds ({@link System#nanoTime()} outside tests)
	 */
	void beat(long now) {
		this.wheel.beat(now);
	}

	private static void closeQuietly(WebSocketSession socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Already gone.
		}
	}

	private volatile boolean running;

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Stops before the web server's graceful shutdown (a higher phase stops first). */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE;
	}

	@Override
	public void stop() {
		this.running = false;
		List<Connection> open = List.copyOf(this.connections.values());
		if (open.isEmpty()) {
			return;
		}
		// In parallel and bounded: a player who does not read must not hold up the shutdown.
		ExecutorService closers = Executors.newFixedThreadPool(Math.min(4, open.size()), (runnable) -> {
			Thread thread = new Thread(runnable, "game-sessions-close");
			thread.setDaemon(true);
			return thread;
		});
		try {
			CompletableFuture<?>[] closing = open.stream()
				.map((connection) -> CompletableFuture.runAsync(() -> goingAway(connection), closers))
				.toArray(CompletableFuture[]::new);
			CompletableFuture.allOf(closing).get(CLOSE_ALL_MILLIS, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.debug("Not every connection closed in time at shutdown: {}", ex.toString());
		}
		finally {
			closers.shutdownNow();
		}
	}

	private static void goingAway(Connection connection) {
		ClientMessenger client = connection.session.client();
		if (client != null) {
			client.close(CloseStatus.GOING_AWAY.getCode(), "Server shutting down");
		}
		else {
			closeQuietly(connection.socket);
		}
	}

	@Override
	public void destroy() {
		if (this.heartbeats != null) {
			this.heartbeats.shutdownNow();
		}
	}

	/**
	 * One open connection: what the heartbeat needs, and what the handler needs for each
	 * message without a lookup.
	 */
	final class Connection extends ActivityWheel.Watched {

		final WebSocketSession socket;

		final Session session;

		final WebSocketClientMessenger messenger;

		/** Messages waiting while the connection opens; {@code null} once it is ready. */
		volatile GameSessionWebSocketHandler.@Nullable HeldMessages held;

		Connection(WebSocketSession socket, Session session, WebSocketClientMessenger messenger, long opened) {
			super(opened);
			this.socket = socket;
			this.session = session;
			this.messenger = messenger;
		}

		@Override
		protected boolean isOpen() {
			if (this.socket.isOpen()) {
				return true;
			}
			WebSocketConnections.this.connections.remove(this.socket.getId(), this);
			return false;
		}

		@Override
		protected void ping() {
			if (this.messenger.isOpen()) {
				try {
					this.messenger.connection().sendMessage(new PingMessage(ByteBuffer.allocate(0)));
				}
				catch (IOException | RuntimeException ex) {
					closeQuietly(this.socket);
				}
			}
		}

		@Override
		protected void closeIdle() {
			WebSocketConnections.this.connections.remove(this.socket.getId(), this);
			ClientMessenger client = this.session.client();
			if (client != null) {
				client.close(GameCloseStatus.IDLE_TIMEOUT, "No activity");
			}
			else {
				closeQuietly(this.socket);
			}
		}

	}

}
