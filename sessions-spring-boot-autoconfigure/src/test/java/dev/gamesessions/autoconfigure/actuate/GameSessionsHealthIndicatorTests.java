package dev.gamesessions.autoconfigure.actuate;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.gamesessions.SessionManager;
import dev.gamesessions.store.GatedUserDataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

class GameSessionsHealthIndicatorTests {

	/** Reads hang until the test opens it, as a frozen Redis's do. */
	private final GatedUserDataStore store = new GatedUserDataStore().shut();

	private final SessionManager manager = SessionManager.builder().userDataStore(this.store).build();

	private final GameSessionsHealthIndicator indicator = new GameSessionsHealthIndicator(this.manager);

	@AfterEach
	void close() {
		this.store.open();
		this.indicator.destroy();
		this.manager.close();
	}

	@Test
	void aStoreThatHangsMakesHealthDownWithoutHoldingTheEndpoint() {
		// Each check answers (DOWN) instead of waiting for the store; a second check waits on
		// the same probe rather than starting another.
		for (int check = 0; check < 2; check++) {
			CompletableFuture<Health> health = CompletableFuture.supplyAsync(this.indicator::health);
			assertThat(health).succeedsWithin(Duration.ofSeconds(10)).satisfies((answer) -> {
				assertThat(answer.getStatus()).isEqualTo(Status.DOWN);
				assertThat(answer.getDetails().get("probe")).asString().contains("did not answer");
			});
		}
		this.store.open();
		assertThat(CompletableFuture.supplyAsync(this.indicator::health)).succeedsWithin(Duration.ofSeconds(10))
			.extracting(Health::getStatus)
			.isEqualTo(Status.UP);
	}

}
