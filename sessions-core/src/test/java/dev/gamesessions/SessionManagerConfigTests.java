package dev.gamesessions;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SessionManagerConfigTests {

	@Test
	void defaultsMatchTheDocumentation() {
		SessionManagerConfig config = SessionManagerConfig.defaults();
		assertThat(config.persistEvents()).containsExactlyInAnyOrder(PersistTrigger.DISCONNECT,
				PersistTrigger.SHUTDOWN);
		assertThat(config.persistInterval()).isEqualTo(Duration.ofSeconds(30));
		assertThat(config.duration()).isEqualTo(Duration.ofHours(6));
		assertThat(config.pruneFrequency()).isEqualTo(Duration.ofMinutes(1));
		assertThat(config.reconnectGrace()).isEqualTo(Duration.ofSeconds(30));
		assertThat(config.singleSessionPolicy()).isEqualTo(SingleSessionPolicy.KICK_PREVIOUS);
		assertThat(config.maxSessionDataBytes()).isEqualTo(4096);
		assertThat(config.userDataType()).isEqualTo(Map.class);
		assertThat(config.corruptDataPolicy()).isEqualTo(CorruptDataPolicy.FAIL);
		assertThat(config.writeBatchSize()).isEqualTo(500);
		assertThat(config.writeConcurrency()).isEqualTo(2);
	}

	@Test
	void badValuesAreRejectedNamingTheSettingAndTheValue() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SessionManagerConfig.builder().persistInterval(Duration.ofSeconds(-1)))
			.withMessage("persistInterval must not be negative but was PT-1S");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SessionManagerConfig.builder().duration(Duration.ZERO))
			.withMessage("duration must be positive but was PT0S");
		assertThatIllegalArgumentException().isThrownBy(() -> SessionManagerConfig.builder().maxSessionDataBytes(10))
			.withMessageContaining("10");
		assertThatIllegalArgumentException().isThrownBy(() -> SessionManagerConfig.builder().writeBatchSize(0))
			.withMessageContaining("writeBatchSize");
		assertThatIllegalArgumentException().isThrownBy(() -> SessionManagerConfig.builder().writeConcurrency(0))
			.withMessage("writeConcurrency must be between 1 and 64 but was 0");
		assertThatIllegalArgumentException().isThrownBy(() -> SessionManagerConfig.builder().writeConcurrency(65))
			.withMessageContaining("65");
		assertThatIllegalArgumentException().isThrownBy(() -> SessionManagerConfig.builder().userDataType(List.class))
			.withMessageContaining("java.util.List");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SessionManagerConfig.builder()
				.retryInitialBackoff(Duration.ofSeconds(10))
				.retryMaxBackoff(Duration.ofSeconds(1))
				.build())
			.withMessageContaining("retryMaxBackoff");
	}

	@Test
	void noTriggersIsAllowed() {
		assertThat(SessionManagerConfig.builder().persistEvents(List.of()).build().persistEvents()).isEmpty();
	}

}
