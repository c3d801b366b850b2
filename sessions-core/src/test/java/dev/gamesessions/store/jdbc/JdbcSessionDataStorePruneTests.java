package dev.gamesessions.store.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.gamesessions.store.MutableClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link JdbcSessionDataStore#prune(Instant)} run by several nodes at once.
 */
class JdbcSessionDataStorePruneTests {

	private static final int SESSIONS = 40;

	private static final int NODES = 4;

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void nodesPruningAtOnceRemoveExpiredRowsOnceAndKeepLiveOnes(TestDatabase database) {
		MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
		try (TestTables tables = database.createTables()) {
			JdbcSessionDataStore writer = tables.sessionDataStore(clock);
			List<String> expiring = new ArrayList<>();
			List<String> live = new ArrayList<>();
			for (int i = 0; i < SESSIONS; i++) {
				String id = "session-" + i;
				boolean expires = i % 2 == 0;
				writer.apply(id, Map.of("a", "1", "b", "2"), Set.of(), expires ? Duration.ofSeconds(5)
						: Duration.ofHours(1));
				(expires ? expiring : live).add(id);
			}
			clock.advance(Duration.ofSeconds(10));
			CountDownLatch start = new CountDownLatch(1);
			List<CompletableFuture<Integer>> nodes = new ArrayList<>();
			ExecutorService threads = Executors.newFixedThreadPool(NODES);
			try {
				for (int i = 0; i < NODES; i++) {
					JdbcSessionDataStore node = tables.sessionDataStore(clock);
					nodes.add(CompletableFuture.supplyAsync(() -> {
						awaitQuietly(start);
						return node.prune(clock.instant());
					}, threads));
				}
				start.countDown();
			}
			finally {
				threads.shutdown();
			}
			int pruned = nodes.stream().mapToInt(CompletableFuture::join).sum();
			assertThat(pruned).isEqualTo(expiring.size() * 2);
			assertThat(tables.count("SELECT COUNT(*) FROM " + tables.sessionTable())).isEqualTo(live.size() * 2L);
			for (String id : live) {
				assertThat(writer.load(id, Duration.ofHours(1))).hasValue(Map.of("a", "1", "b", "2"));
			}
			for (String id : expiring) {
				assertThat(writer.load(id, Duration.ofHours(1))).isEmpty();
			}
		}
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
