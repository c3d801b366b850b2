package dev.gamesessions.autoconfigure.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.gamesessions.SessionManager;
import dev.gamesessions.store.InMemoryUserDataStore;
import dev.gamesessions.store.StoredUserData;
import dev.gamesessions.store.UserDataStore;
import dev.gamesessions.store.UserDataWrite;
import dev.gamesessions.store.WriteResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

class GameSessionsHealthIndicatorTests {

	private final CountDownLatch storeAnswers = new CountDownLatch(1);

	private final SessionManager manager = SessionManager.builder().userDataStore(new HangingStore()).build();

	private final GameSessionsHealthIndicator indicator = new GameSessionsHealthIndicator(this.manager);

	@AfterEach
	void close() {
		this.storeAnswers.countDown();
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
		this.storeAnswers.countDown();
		assertThat(CompletableFuture.supplyAsync(this.indicator::health)).succeedsWithin(Duration.ofSeconds(10))
			.extracting(Health::getStatus)
			.isEqualTo(Status.UP);
	}

	/** Reads hang until the test lets the store answer, as a frozen Redis does. */
	private final class HangingStore implements UserDataStore {

		private final InMemoryUserDataStore delegate = new InMemoryUserDataStore();

		@Override
		public Optional<StoredUserData> load(String userId) {
			try {
				GameSessionsHealthIndicatorTests.this.storeAnswers.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return this.delegate.load(userId);
		}

		@Override
		public List<WriteResult> saveAll(List<UserDataWrite> writes) {
			return this.delegate.saveAll(writes);
		}

		@Override
		public boolean delete(String userId) {
			return this.delegate.delete(userId);
		}

	}

}
