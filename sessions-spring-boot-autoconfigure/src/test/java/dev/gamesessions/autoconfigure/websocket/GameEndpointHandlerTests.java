package dev.gamesessions.autoconfigure.websocket;

import java.util.Map;

import dev.gamesessions.DataCodecException;
import dev.gamesessions.SessionManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.ArgumentMatchers.any;

@ExtendWith(OutputCaptureExtension.class)
class GameEndpointHandlerTests {

	private final SessionManager manager = SessionManager.builder().build();

	@AfterEach
	void close() {
		this.manager.close();
	}

	@Test
	void unreadableMessagesAreOneRateLimitedLineWithoutAStackTrace(CapturedOutput output) throws Exception {
		GameEndpointHandler handler = new GameEndpointHandler(
				(session, message) -> this.manager.codec().decode(message, Map.class), mock(ApplicationEventPublisher.class));
		WebSocketSession connection = connection();
		for (int i = 0; i < 50; i++) {
			handler.handleMessage(connection, new TextMessage("{not json " + i));
		}
		assertThat(output.toString().lines().filter((line) -> line.contains("Unreadable message from session")))
			.hasSize(1)
			.allMatch((line) -> line.contains(" WARN "));
		assertThat(output).doesNotContain("\tat ").doesNotContain("ERROR");
		verify(connection, never()).close(any());
	}

	@Test
	void aStoreThatIsDownIsNamedOnceNotOncePerMessage(CapturedOutput output) throws Exception {
		GameEndpointHandler handler = new GameEndpointHandler((session, message) -> {
			throw new dev.gamesessions.store.StoreException("Redis does not answer (test)");
		}, mock(ApplicationEventPublisher.class));
		WebSocketSession connection = connection();
		for (int i = 0; i < 50; i++) {
			handler.handleMessage(connection, new TextMessage("{}"));
		}
		assertThat(output.toString().lines().filter((line) -> line.contains("needed the store, which does not answer")))
			.hasSize(1);
		assertThat(output).doesNotContain("\tat ").doesNotContain("ERROR");
	}

	@Test
	void aFaultOfTheGameIsAnErrorWithItsStackTrace(CapturedOutput output) throws Exception {
		GameEndpointHandler handler = new GameEndpointHandler((session, message) -> {
			throw new IllegalArgumentException("the game's own bug");
		}, mock(ApplicationEventPublisher.class));
		handler.handleMessage(connection(), new TextMessage("{}"));
		assertThat(output).contains("ERROR").contains("Game message handler failed").contains("the game's own bug")
			.contains("\tat ");
	}

	private WebSocketSession connection() {
		return MockConnections.of(this.manager.create(), null);
	}

}
