package dev.gamesessions.autoconfigure.websocket;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.gamesessions.Session;
import dev.gamesessions.SessionManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.WebSocketSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

class WebSocketConnectionsTests {

	private final SessionManager manager = SessionManager.builder().build();

	/** The connections' clock, in nanoseconds. */
	private final AtomicLong now = new AtomicLong();

	@AfterEach
	void close() {
		this.manager.close();
	}

	@Test
	void silentConnectionIsClosedWithTheIdleCodeAfterTheTimeout() throws Exception {
		WebSocketConnections connections = new WebSocketConnections(Duration.ofMillis(50), Duration.ofMillis(200));
		try {
			WebSocketSession socket = socket("silent");
			Session session = this.manager.create();
			WebSocketClientMessenger messenger = new WebSocketClientMessenger(socket, 1000, 1024, this.manager.codec());
			session.set(Session.CLIENT_ATTRIBUTE, messenger);
			connections.opened(socket, session, messenger);
			verify(socket, timeout(5000)).close(new CloseStatus(GameCloseStatus.IDLE_TIMEOUT, "No activity"));
		}
		finally {
			connections.destroy();
		}
	}

	@Test
	void connectionSilentForAHeartbeatIsPingedNotClosed() throws Exception {
		Duration heartbeat = Duration.ofHours(1);
		WebSocketConnections connections = new WebSocketConnections(heartbeat, Duration.ofHours(2), this.now::get);
		try {
			WebSocketSession socket = socket("quiet");
			open(connections, socket);
			connections.beat(heartbeat.toNanos() - tick(heartbeat));
			verify(socket, never()).sendMessage(any(PingMessage.class));
			connections.beat(heartbeat.toNanos());
			verify(socket).sendMessage(any(PingMessage.class));
			verify(socket, never()).close(any(CloseStatus.class));
		}
		finally {
			connections.destroy();
		}
	}

	@Test
	void connectionHeardFromWithinTheHeartbeatIsNotPinged() throws Exception {
		Duration heartbeat = Duration.ofHours(1);
		WebSocketConnections connections = new WebSocketConnections(heartbeat, Duration.ofHours(10), this.now::get);
		try {
			WebSocketSession socket = socket("playing");
			WebSocketConnections.Connection open = open(connections, socket);
			// A message in the fifth tick after the connection opened.
			long heard = 5 * tick(heartbeat);
			connections.beat(heard);
			connections.seen(open);
			connections.beat(heartbeat.toNanos());
			verify(socket, never()).sendMessage(any(PingMessage.class));
			connections.beat(heard + heartbeat.toNanos());
			verify(socket).sendMessage(any(PingMessage.class));
		}
		finally {
			connections.destroy();
		}
	}

	@Test
	void playerWhoKeepsSendingIsNeverPinged() throws Exception {
		Duration heartbeat = Duration.ofHours(1);
		WebSocketConnections connections = new WebSocketConnections(heartbeat, Duration.ofHours(10), this.now::get);
		try {
			WebSocketSession socket = socket("playing");
			WebSocketConnections.Connection open = open(connections, socket);
			for (long at = tick(heartbeat); at <= 5 * heartbeat.toNanos(); at += 7 * tick(heartbeat)) {
				connections.beat(at);
				connections.seen(open);
			}
			verify(socket, never()).sendMessage(any(PingMessage.class));
			verify(socket, never()).close(any(CloseStatus.class));
		}
		finally {
			connections.destroy();
		}
	}

	@Test
	void silentConnectionIsPingedEveryHeartbeatThenClosedAfterTheIdleTimeout() throws Exception {
		Duration heartbeat = Duration.ofHours(1);
		WebSocketConnections connections = new WebSocketConnections(heartbeat, Duration.ofMinutes(150), this.now::get);
		try {
			WebSocketSession socket = socket("gone");
			open(connections, socket);
			connections.beat(heartbeat.toNanos());
			connections.beat(2 * heartbeat.toNanos());
			verify(socket, times(2)).sendMessage(any(PingMessage.class));
			verify(socket, never()).close(any(CloseStatus.class));
			connections.beat(Duration.ofMinutes(150).toNanos() + tick(heartbeat));
			verify(socket).close(new CloseStatus(GameCloseStatus.IDLE_TIMEOUT, "No activity"));
			assertThat(connections.size()).isZero();
		}
		finally {
			connections.destroy();
		}
	}

	@Test
	void closedConnectionIsNeitherPingedNorCounted() throws Exception {
		Duration heartbeat = Duration.ofHours(1);
		WebSocketConnections connections = new WebSocketConnections(heartbeat, Duration.ofHours(10), this.now::get);
		try {
			WebSocketSession socket = socket("left");
			open(connections, socket);
			connections.beat(tick(heartbeat));
			connections.closed(socket);
			assertThat(connections.size()).isZero();
			connections.beat(2 * heartbeat.toNanos());
			verify(socket, never()).sendMessage(any(PingMessage.class));
		}
		finally {
			connections.destroy();
		}
	}

	@Test
	void silentConnectionsArePingedAHeartbeatAfterTheyOpenedNotAllAtOnce() throws Exception {
		Duration heartbeat = Duration.ofHours(1);
		WebSocketConnections connections = new WebSocketConnections(heartbeat, Duration.ofHours(10), this.now::get);
		try {
			WebSocketSession early = socket("early");
			open(connections, early);
			this.now.set(3 * tick(heartbeat));
			WebSocketSession late = socket("late");
			open(connections, late);
			connections.beat(heartbeat.toNanos() + tick(heartbeat));
			verify(early).sendMessage(any(PingMessage.class));
			verify(late, never()).sendMessage(any(PingMessage.class));
			connections.beat(heartbeat.toNanos() + 3 * tick(heartbeat));
			verify(early).sendMessage(any(PingMessage.class));
			verify(late).sendMessage(any(PingMessage.class));
			connections.beat(2 * heartbeat.toNanos() + tick(heartbeat));
			verify(early, times(2)).sendMessage(any(PingMessage.class));
			verify(late).sendMessage(any(PingMessage.class));
		}
		finally {
			connections.destroy();
		}
	}

	private static long tick(Duration heartbeat) {
		return heartbeat.toNanos() / WebSocketConnections.TICKS_PER_HEARTBEAT;
	}

	@Test
	void stoppingTheApplicationClosesEveryConnectionWithGoingAway() throws Exception {
		WebSocketConnections connections = new WebSocketConnections(Duration.ofHours(1), Duration.ofHours(2));
		try {
			WebSocketSession first = socket("first");
			WebSocketSession second = socket("second");
			open(connections, first);
			open(connections, second);
			connections.start();
			connections.stop();
			verify(first).close(new CloseStatus(1001, "Server shutting down"));
			verify(second).close(new CloseStatus(1001, "Server shutting down"));
			assertThat(connections.isRunning()).isFalse();
		}
		finally {
			connections.destroy();
		}
	}

	private WebSocketConnections.Connection open(WebSocketConnections connections, WebSocketSession socket) {
		Session session = this.manager.create();
		WebSocketClientMessenger messenger = new WebSocketClientMessenger(socket, 1000, 1024, this.manager.codec());
		session.set(Session.CLIENT_ATTRIBUTE, messenger);
		return connections.opened(socket, session, messenger);
	}

	private static WebSocketSession socket(String id) {
		WebSocketSession socket = mock(WebSocketSession.class);
		given(socket.getId()).willReturn(id);
		given(socket.isOpen()).willReturn(true);
		return socket;
	}

}
