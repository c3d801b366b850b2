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
			session.set(Session.CLIENT_ATTRIBUTE, new WebSocketClientMessenger(socket, 1000, 1024, this.manager.codec()));
			connections.opened(socket, session);
			verify(socket, timeout(5000)).close(new CloseStatus(GameCloseStatus.IDLE_TIMEOUT, "No activity"));
		}
		finally {
			connections.destroy();
		}
	}

	@Test
	void connectionSilentForAHeartbeatIsPingedNotClosed() throws Exception {
		WebSocketConnections connections = new WebSocketConnections(Duration.ofHours(1), Duration.ofHours(2));
		try {
			WebSocketSession socket = socket("quiet");
			connections.opened(socket, messengerSession(socket));
			connections.seen(socket);
			connections.beat(System.nanoTime() + Duration.ofHours(1).toNanos());
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
			connections.opened(socket, messengerSession(socket));
			long opened = this.now.get();
			this.now.addAndGet(Duration.ofMillis(50).toNanos());
			connections.seen(socket);
			connections.beat(opened + heartbeat.toNanos());
			verify(socket, never()).sendMessage(any(PingMessage.class));
			connections.beat(this.now.get() + heartbeat.toNanos());
			verify(socket).sendMessage(any(PingMessage.class));
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
			connections.opened(early, messengerSession(early));
			long between = this.now.addAndGet(Duration.ofMillis(50).toNanos());
			this.now.addAndGet(Duration.ofMillis(50).toNanos());
			WebSocketSession late = socket("late");
			connections.opened(late, messengerSession(late));
			connections.beat(between + heartbeat.toNanos());
			verify(early).sendMessage(any(PingMessage.class));
			verify(late, never()).sendMessage(any(PingMessage.class));
			connections.beat(this.now.get() + heartbeat.toNanos());
			verify(early).sendMessage(any(PingMessage.class));
			verify(late).sendMessage(any(PingMessage.class));
			connections.beat(between + 2 * heartbeat.toNanos());
			verify(early, times(2)).sendMessage(any(PingMessage.class));
			verify(late).sendMessage(any(PingMessage.class));
		}
		finally {
			connections.destroy();
		}
	}

	@Test
	void stoppingTheApplicationClosesEveryConnectionWithGoingAway() throws Exception {
		WebSocketConnections connections = new WebSocketConnections(Duration.ofHours(1), Duration.ofHours(2));
		try {
			WebSocketSession first = socket("first");
			WebSocketSession second = socket("second");
			connections.opened(first, messengerSession(first));
			connections.opened(second, messengerSession(second));
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

	private Session messengerSession(WebSocketSession socket) {
		Session session = this.manager.create();
		session.set(Session.CLIENT_ATTRIBUTE, new WebSocketClientMessenger(socket, 1000, 1024, this.manager.codec()));
		return session;
	}

	private static WebSocketSession socket(String id) {
		WebSocketSession socket = mock(WebSocketSession.class);
		given(socket.getId()).willReturn(id);
		given(socket.isOpen()).willReturn(true);
		return socket;
	}

}
