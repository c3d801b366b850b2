package dev.gamesessions;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SessionLimitTests {

	@Test
	void aNodeHoldsAtMostMaxSessionsAndCountsTheOnesItRefuses() {
		try (SessionManager manager = SessionManager.builder()
			.config(SessionManagerConfig.builder().maxSessions(2).build())
			.build()) {
			Session first = manager.create();
			manager.create("device-7");
			assertThatExceptionOfType(SessionLimitException.class).isThrownBy(manager::create)
				.withMessageContaining("maximum of 2");
			assertThatExceptionOfType(SessionLimitException.class).isThrownBy(() -> manager.create("device-8"));
			assertThat(manager.size()).isEqualTo(2);
			assertThat(manager.refusedSessions()).isEqualTo(2);
			first.destroy();
			assertThat(manager.create()).isNotNull();
		}
	}

	@Test
	void theLimitMustLeaveRoomForOneSession() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> SessionManagerConfig.builder().maxSessions(0))
			.withMessageContaining("maxSessions must be at least 1 but was 0");
	}

}
