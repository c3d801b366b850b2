package dev.gamesessions.store.jdbc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import dev.gamesessions.store.UserDataWrite;
import dev.gamesessions.store.WriteResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nodes racing to write the same users: the races the store contract does not cover.
 */
class JdbcUserDataStoreRaceTests {

	private static final int NODES = 6;

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void nodesCreatingOneNewUserAtOnceExactlyOneWins(TestDatabase database) {
		try (TestTables tables = database.createTables()) {
			List<WriteResult> results = race(NODES, (node) -> () -> tables.userDataStore()
				.saveAll(List.of(new UserDataWrite("newcomer", "{\"node\":" + node + "}", 0)))
				.get(0));
			assertThat(results).filteredOn((result) -> result.status() == WriteResult.Status.SAVED).hasSize(1);
			assertThat(results).filteredOn((result) -> result.status() == WriteResult.Status.CONFLICT)
				.hasSize(NODES - 1)
				.allMatch((result) -> result.storedVersion() == 1);
		}
	}

	@ParameterizedTest
	@EnumSource(TestDatabase.class)
	void batchesOfTheSameUsersInOppositeOrdersDoNotDeadlock(TestDatabase database) {
		try (TestTables tables = database.createTables()) {
			int users = 30;
			List<List<WriteResult>> results = race(NODES, (node) -> () -> {
				List<UserDataWrite> batch = new ArrayList<>();
				for (int i = 0; i < users; i++) {
					batch.add(new UserDataWrite("user-" + i, "{\"node\":" + node + "}", 0));
				}
				if (node % 2 == 1) {
					Collections.reverse(batch);
				}
				return tables.userDataStore().saveAll(batch);
			});
			for (int i = 0; i < users; i++) {
				String userId = "user-" + i;
				assertThat(results).flatMap((batch) -> batch)
					.filteredOn((result) -> result.userId().equals(userId))
					.filteredOn((result) -> result.status() == WriteResult.Status.SAVED)
					.hasSize(1);
			}
		}
	}

	private static <T> List<T> race(int nodes, NodeWork<T> work) {
		ExecutorService threads = Executors.newFixedThreadPool(nodes);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<CompletableFuture<T>> futures = new ArrayList<>();
			for (int node = 0; node < nodes; node++) {
				Supplier<T> task = work.forNode(node);
				futures.add(CompletableFuture.supplyAsync(() -> {
					try {
						start.await();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					return task.get();
				}, threads));
			}
			start.countDown();
			return futures.stream().map(CompletableFuture::join).toList();
		}
		finally {
			threads.shutdown();
		}
	}

	@FunctionalInterface
	private interface NodeWork<T> {

		Supplier<T> forNode(int node);

	}

}
