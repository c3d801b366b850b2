package dev.gamesessions.autoconfigure.webflux;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import dev.gamesessions.JacksonDataCodec;
import dev.gamesessions.Session;
import dev.gamesessions.SessionEvent;
import dev.gamesessions.autoconfigure.websocket.GameCloseStatus;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

class ReactiveWebSocketConnectionsTests {

	/** Starts at the system clock's now: the messengers time their queues on it. */
	private final AtomicLong clock = new AtomicLong(System.nanoTime());

	private final ReactiveWebSocketConnections connections = new ReactiveWebSocketConnections(Duration.ofSeconds(25),
			Duration.ofSeconds(60), Duration.ofSeconds(10), this.clock::get, false);

	private final WebSocketMessage ping = mock(WebSocketMessage.class);

	private WebSocketSession connection(String id) {
		WebSocketSession connection = mock(WebSocketSession.class);
		given(connection.getId()).willReturn(id);
		given(connection.pingMessage(any())).willReturn(this.ping);
		given(connection.close(any(CloseStatus.class))).willReturn(Mono.empty());
		return connection;
	}

	private final java.util.Map<String, ReactiveWebSocketConnections.Connection> watched = new java.util.HashMap<>();

	private ReactiveClientMessenger open(WebSocketSession connection) {
		ReactiveClientMessenger messenger = new ReactiveClientMessenger(connection, 1024, new JacksonDataCodec(), false);
		this.watched.put(connection.getId(), this.connections.opened(connection.getId(), messenger));
		return messenger;
	}

	private void seen(String id) {
		this.connections.seen(this.watched.get(id));
	}

	private void advance(Duration duration) {
		this.clock.addAndGet(duration.toNanos());
		this.connections.beat();
	}

	@Test
	void aSilentConnectionIsPingedOncePerHeartbeatAndClosedAfterTheIdleTimeout() {
		WebSocketSession connection = connection("c1");
		ReactiveClientMessenger messenger = open(connection);
		List<WebSocketMessage> sent = new CopyOnWriteArrayList<>();
		messenger.messages().subscribe(sent::add);
		advance(Duration.ofSeconds(24));
		assertThat(sent).isEmpty();
		advance(Duration.ofSeconds(2));
		advance(Duration.ofSeconds(1));
		assertThat(sent).containsExactly(this.ping);
		verify(connection, never()).close(any(CloseStatus.class));
		advance(Duration.ofSeconds(34));
		verify(connection).close(new CloseStatus(GameCloseStatus.IDLE_TIMEOUT, "No activity"));
	}

	@Test
	void aConnectionThatSendsIsNeitherPingedNorClosed() {
		WebSocketSession connection = connection("c2");
		ReactiveClientMessenger messenger = open(connection);
		for (int i = 0; i < 10; i++) {
			advance(Duration.ofSeconds(20));
			seen("c2");
		}
		verify(connection, never()).close(any(CloseStatus.class));
		messenger.closed();
		assertThat(messenger.messages().collectList().block(Duration.ofSeconds(5))).isEmpty();
	}

	@Test
	void aPlayerWhoDoesNotReadForTheSendTimeLimitIsClosedWith4500() {
		WebSocketSession connection = connection("c3");
		given(connection.textMessage(any())).willReturn(mock(WebSocketMessage.class));
		ReactiveClientMessenger messenger = open(connection);
		messenger.send("never read");
		seen("c3");
		advance(Duration.ofSeconds(5));
		verify(connection, never()).close(any(CloseStatus.class));
		advance(Duration.ofSeconds(6));
		verify(connection).close(new CloseStatus(ReactiveClientMessenger.SESSION_NOT_RELIABLE,
				"Send time limit exceeded"));
	}

	@Test
	void aKickClosesTheSessionsConnectionWith4000() {
		WebSocketSession connection = connection("c4");
		ReactiveClientMessenger messenger = open(connection);
		Session session = mock(Session.class);
		given(session.client()).willReturn(messenger);
		this.connections.onEvent(new SessionEvent.Kicked(session, "Logged in elsewhere"));
		verify(connection).close(new CloseStatus(GameCloseStatus.KICKED, "Logged in elsewhere"));
	}

}
