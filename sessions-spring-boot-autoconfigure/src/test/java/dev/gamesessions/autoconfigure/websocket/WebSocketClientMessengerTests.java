package dev.gamesessions.autoconfigure.websocket;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.gamesessions.JacksonDataCodec;
import org.junit.jupiter.api.Test;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

class WebSocketClientMessengerTests {

	@Test
	void aKickedPlayerGetsTheKickCodeEvenWithAFullOutboundBuffer() throws Exception {
		WebSocketSession socket = mock(WebSocketSession.class);
		given(socket.isOpen()).willReturn(true);
		given(socket.getId()).willReturn("slow-reader");
		CountDownLatch stuck = new CountDownLatch(1);
		willAnswer((invocation) -> {
			stuck.await(10, TimeUnit.SECONDS);
			return null;
		}).given(socket).sendMessage(any(TextMessage.class));
		WebSocketClientMessenger messenger = new WebSocketClientMessenger(socket, 60_000, 64, new JacksonDataCodec());
		// A player who does not read: the first send blocks on the socket, the rest pile up
		// in the buffer until it is over its limit.
		CompletableFuture<Void> first = CompletableFuture.runAsync(() -> messenger.send("first"));
		await().until(() -> mockingDetails(socket).getInvocations().stream()
			.anyMatch((call) -> call.getMethod().getName().equals("sendMessage")));
		for (int i = 0; i < 20; i++) {
			messenger.send("a message of some length " + i);
		}
		messenger.close(GameCloseStatus.KICKED, "Logged in elsewhere");
		verify(socket).close(new CloseStatus(GameCloseStatus.KICKED, "Logged in elsewhere"));
		// Nothing queued is sent after the kick.
		stuck.countDown();
		first.get(10, TimeUnit.SECONDS);
		messenger.send("after the kick");
		verify(socket, times(1)).sendMessage(any(TextMessage.class));
	}

	@Test
	void closeFailuresAreQuiet() throws IOException {
		WebSocketSession socket = mock(WebSocketSession.class);
		given(socket.isOpen()).willReturn(true);
		willAnswer((invocation) -> {
			throw new IOException("broken pipe");
		}).given(socket).close(any(CloseStatus.class));
		WebSocketClientMessenger messenger = new WebSocketClientMessenger(socket, 1000, 1024, new JacksonDataCodec());
		messenger.close(GameCloseStatus.SESSION_ENDED, "Session ended");
		assertThat(messenger.isOpen()).isTrue();
	}

}
