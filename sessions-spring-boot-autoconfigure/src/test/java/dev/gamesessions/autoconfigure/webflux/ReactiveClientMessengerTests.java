package dev.gamesessions.autoconfigure.webflux;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.gamesessions.JacksonDataCodec;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

class ReactiveClientMessengerTests {

	private final WebSocketSession connection = connection();

	private static WebSocketSession connection() {
		WebSocketSession connection = mock(WebSocketSession.class);
		given(connection.getId()).willReturn("c1");
		given(connection.textMessage(anyString())).willAnswer((invocation) -> {
			WebSocketMessage message = mock(WebSocketMessage.class);
			given(message.getPayloadAsText()).willReturn(invocation.getArgument(0));
			return message;
		});
		given(connection.close(any(CloseStatus.class))).willReturn(Mono.empty());
		return connection;
	}

	private List<String> sent(ReactiveClientMessenger messenger) {
		messenger.closed();
		return messenger.messages()
			.map(WebSocketMessage::getPayloadAsText)
			.collectList()
			.block(Duration.ofSeconds(5));
	}

	@Test
	void aHoldingMessengerSendsTheWelcomeBeforeWhatWasSentEarlier() {
		ReactiveClientMessenger messenger = new ReactiveClientMessenger(this.connection, 1024, new JacksonDataCodec(),
				true);
		messenger.send("from a listener of the start");
		messenger.release(Map.of("type", "session"));
		messenger.send("after");
		assertThat(sent(messenger)).containsExactly("{\"type\":\"session\"}", "from a listener of the start",
				"after");
	}

	@Test
	void aPlayerWhoDoesNotReadIsClosedWith4500OnceTheBufferIsFull() {
		ReactiveClientMessenger messenger = new ReactiveClientMessenger(this.connection, 10, new JacksonDataCodec(),
				false);
		messenger.send("12345");
		messenger.send("67890");
		verify(this.connection, never()).close(any(CloseStatus.class));
		messenger.send("1");
		verify(this.connection).close(new CloseStatus(ReactiveClientMessenger.SESSION_NOT_RELIABLE, "Send buffer full"));
		assertThat(messenger.isOpen()).isFalse();
	}

	@Test
	void aCloseKeepsItsCodeAndDropsWhatIsStillQueued() {
		ReactiveClientMessenger messenger = new ReactiveClientMessenger(this.connection, 1024, new JacksonDataCodec(),
				false);
		messenger.send("queued");
		messenger.close(4000, "Logged in elsewhere");
		messenger.send("too late");
		verify(this.connection).close(new CloseStatus(4000, "Logged in elsewhere"));
		assertThat(sent(messenger)).isEmpty();
	}

	@Test
	void queuedMessagesThatDoNotMoveCountAsStalled() {
		ReactiveClientMessenger messenger = new ReactiveClientMessenger(this.connection, 1024, new JacksonDataCodec(),
				false);
		long now = System.nanoTime();
		assertThat(messenger.isStalled(now, 0)).isFalse();
		messenger.send("waiting");
		assertThat(messenger.isStalled(System.nanoTime() + Duration.ofSeconds(11).toNanos(),
				Duration.ofSeconds(10).toNanos()))
			.isTrue();
		assertThat(sent(messenger)).containsExactly("waiting");
		assertThat(messenger.isStalled(System.nanoTime() + Duration.ofSeconds(11).toNanos(),
				Duration.ofSeconds(10).toNanos()))
			.isFalse();
	}

}
