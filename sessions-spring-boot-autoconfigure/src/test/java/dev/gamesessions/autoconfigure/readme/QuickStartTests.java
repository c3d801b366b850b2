package dev.gamesessions.autoconfigure.readme;

import dev.gamesessions.Session;
import dev.gamesessions.SessionManager;
import dev.gamesessions.autoconfigure.GameSessionsAutoConfiguration;
import dev.gamesessions.autoconfigure.event.SessionDestroyedEvent;
import dev.gamesessions.autoconfigure.event.SessionIdentifiedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's quick start: a {@code Lobby} with two {@code @EventListener}s.
 */
@ExtendWith(OutputCaptureExtension.class)
class QuickStartTests {

	@Test
	void lobbyHearsPlayersJoinAndLeave(CapturedOutput output) {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(GameSessionsAutoConfiguration.class))
			.withPropertyValues("game.sessions.persistence.events=disconnect,shutdown",
					"game.sessions.persistence.interval=30s", "game.sessions.reconnect.grace=30s")
			.withBean(Lobby.class)
			.run((context) -> {
				Session session = context.getBean(SessionManager.class).create();
				session.start();
				session.identify("ada");
				session.destroy();
				assertThat(output).contains("ada joined with {}")
					.contains("session " + session.maskedId() + " ended: REQUESTED");
			});
	}
}

// @formatter:off
// The README's snippet, verbatim.
@Component
class Lobby {

    private static final Logger log = LoggerFactory.getLogger(Lobby.class);

    @EventListener
    void onIdentified(SessionIdentifiedEvent event) {
        log.info("{} joined with {}", event.getUserId(), event.getUserData());
    }

    @EventListener
    void onDestroyed(SessionDestroyedEvent event) {
        log.info("session {} ended: {}", event.getSession().maskedId(), event.getReason());
    }
}
// @formatter:on
