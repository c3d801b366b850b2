package dev.gamesessions.store;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract of {@link UserDataStore}: every implementation extends this class and passes
 * every test. {@link InMemoryUserDataStore} is the reference.
 */
public abstract class UserDataStoreContractTests {

	private UserDataStore store;

	/**
	 * The store under test, empty or holding only users this suite never names.
	 * @return the store
	 */
	protected abstract UserDataStore createStore();

	@BeforeEach
	void setUpStore() {
		this.store = createStore();
	}

	protected UserDataStore store() {
		return this.store;
	}

	/** A user id no other test run uses. */
	protected static String newUserId() {
		return "user-" + UUID.randomUUID();
	}

	@Test
	void loadOfUnknownUserIsEmpty() {
		String userId = newUserId();
		assertThat(this.store.load(userId)).isEmpty();
		assertThat(this.store.version(userId)).isEmpty();
	}

	@Test
	void firstWriteExpectsVersionZeroAndStoresVersionOne() {
		String userId = newUserId();
		List<WriteResult> results = this.store.saveAll(List.of(new UserDataWrite(userId, "{\"coins\":1}", 0)));
		assertThat(results).containsExactly(new WriteResult(userId, WriteResult.Status.SAVED, 1));
		StoredUserData stored = this.store.load(userId).orElseThrow();
		assertThat(stored.userId()).isEqualTo(userId);
		assertThat(stored.data()).isEqualTo("{\"coins\":1}");
		assertThat(stored.version()).isEqualTo(1);
		assertThat(this.store.version(userId)).hasValue(1);
	}

	@Test
	void writeWithCurrentVersionReplacesData() {
		String userId = newUserId();
		this.store.saveAll(List.of(new UserDataWrite(userId, "{\"coins\":1}", 0)));
		List<WriteResult> results = this.store.saveAll(List.of(new UserDataWrite(userId, "{\"coins\":2}", 1)));
		assertThat(results.get(0).status()).isEqualTo(WriteResult.Status.SAVED);
		assertThat(results.get(0).storedVersion()).isEqualTo(2);
		assertThat(this.store.load(userId).orElseThrow().data()).isEqualTo("{\"coins\":2}");
	}

	@Test
	void staleWriteIsAConflictAndDoesNotOverwrite() {
		String userId = newUserId();
		this.store.saveAll(List.of(new UserDataWrite(userId, "{\"coins\":1}", 0)));
		this.store.saveAll(List.of(new UserDataWrite(userId, "{\"coins\":2}", 1)));
		List<WriteResult> results = this.store.saveAll(List.of(new UserDataWrite(userId, "{\"coins\":99}", 1)));
		assertThat(results).containsExactly(new WriteResult(userId, WriteResult.Status.CONFLICT, 2));
		assertThat(this.store.load(userId).orElseThrow().data()).isEqualTo("{\"coins\":2}");
	}

	@Test
	void creatingOverExistingDataIsAConflict() {
		String userId = newUserId();
		this.store.saveAll(List.of(new UserDataWrite(userId, "{\"coins\":1}", 0)));
		List<WriteResult> results = this.store.saveAll(List.of(new UserDataWrite(userId, "{\"coins\":5}", 0)));
		assertThat(results).containsExactly(new WriteResult(userId, WriteResult.Status.CONFLICT, 1));
		assertThat(this.store.load(userId).orElseThrow().data()).isEqualTo("{\"coins\":1}");
	}

	@Test
	void writeExpectingAVersionOfMissingDataIsAConflict() {
		String userId = newUserId();
		List<WriteResult> results = this.store.saveAll(List.of(new UserDataWrite(userId, "{}", 3)));
		assertThat(results).containsExactly(new WriteResult(userId, WriteResult.Status.CONFLICT, 0));
		assertThat(this.store.load(userId)).isEmpty();
	}

	@Test
	void repeatingAnAppliedWriteIsIdempotent() {
		String userId = newUserId();
		UserDataWrite write = new UserDataWrite(userId, "{\"coins\":1}", 0);
		this.store.saveAll(List.of(write));
		assertThat(this.store.saveAll(List.of(write)))
			.containsExactly(new WriteResult(userId, WriteResult.Status.SAVED, 1));
		assertThat(this.store.load(userId).orElseThrow().version()).isEqualTo(1);
	}

	@Test
	void repeatingAWriteWithOtherDataAtTheSameVersionIsAConflict() {
		String userId = newUserId();
		this.store.saveAll(List.of(new UserDataWrite(userId, "{\"coins\":1}", 0)));
		assertThat(this.store.saveAll(List.of(new UserDataWrite(userId, "{\"coins\":2}", 0))).get(0).status())
			.isEqualTo(WriteResult.Status.CONFLICT);
	}

	@Test
	void batchReportsEachWriteInOrderAndAConflictDoesNotStopTheOthers() {
		String a = newUserId();
		String b = newUserId();
		String c = newUserId();
		this.store.saveAll(List.of(new UserDataWrite(b, "{\"n\":1}", 0)));
		List<WriteResult> results = this.store.saveAll(List.of(new UserDataWrite(a, "{\"n\":\"a\"}", 0),
				new UserDataWrite(b, "{\"n\":\"b\"}", 0), new UserDataWrite(c, "{\"n\":\"c\"}", 0)));
		assertThat(results).extracting(WriteResult::userId).containsExactly(a, b, c);
		assertThat(results).extracting(WriteResult::status)
			.containsExactly(WriteResult.Status.SAVED, WriteResult.Status.CONFLICT, WriteResult.Status.SAVED);
		assertThat(this.store.load(a).orElseThrow().data()).isEqualTo("{\"n\":\"a\"}");
		assertThat(this.store.load(b).orElseThrow().data()).isEqualTo("{\"n\":1}");
		assertThat(this.store.load(c).orElseThrow().data()).isEqualTo("{\"n\":\"c\"}");
	}

	@Test
	void batchMixingEveryKindOfWriteReportsEachAsAlone() {
		String created = newUserId();
		String updated = newUserId();
		String stale = newUserId();
		String retried = newUserId();
		String vanished = newUserId();
		String recreated = newUserId();
		this.store.saveAll(List.of(new UserDataWrite(updated, "{\"n\":1}", 0), new UserDataWrite(stale, "{\"n\":1}", 0),
				new UserDataWrite(retried, "{\"n\":1}", 0), new UserDataWrite(recreated, "{\"n\":1}", 0)));
		this.store.saveAll(List.of(new UserDataWrite(stale, "{\"n\":2}", 1), new UserDataWrite(retried, "{\"n\":2}", 1)));
		// Text that array literals, CSV and JSON escaping must all carry through unchanged.
		String awkward = "{\"q\":\"\\\"}{,\\\\ NULL\",\"nl\":\"a\\nb\",\"tab\":\"\t\",\"u\":\"ü\"}";
		List<WriteResult> results = this.store.saveAll(List.of(new UserDataWrite(created, awkward, 0),
				new UserDataWrite(updated, "NULL", 1), new UserDataWrite(stale, "{\"n\":99}", 1),
				new UserDataWrite(retried, "{\"n\":2}", 1), new UserDataWrite(vanished, "{}", 3),
				new UserDataWrite(recreated, "{}", 0)));
		assertThat(results).containsExactly(new WriteResult(created, WriteResult.Status.SAVED, 1),
				new WriteResult(updated, WriteResult.Status.SAVED, 2), new WriteResult(stale, WriteResult.Status.CONFLICT, 2),
				new WriteResult(retried, WriteResult.Status.SAVED, 2),
				new WriteResult(vanished, WriteResult.Status.CONFLICT, 0),
				new WriteResult(recreated, WriteResult.Status.CONFLICT, 1));
		assertThat(this.store.load(created).orElseThrow().data()).isEqualTo(awkward);
		assertThat(this.store.load(updated).orElseThrow()).isEqualTo(new StoredUserData(updated, "NULL", 2));
		assertThat(this.store.load(stale).orElseThrow().data()).isEqualTo("{\"n\":2}");
		assertThat(this.store.load(vanished)).isEmpty();
		assertThat(this.store.load(recreated).orElseThrow().data()).isEqualTo("{\"n\":1}");
	}

	@Test
	void emptyBatchReturnsNoResults() {
		assertThat(this.store.saveAll(List.of())).isEmpty();
	}

	@Test
	void largeBatchIsStoredWhole() {
		List<UserDataWrite> writes = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			writes.add(new UserDataWrite(newUserId(), "{\"i\":" + i + "}", 0));
		}
		List<WriteResult> results = this.store.saveAll(writes);
		assertThat(results).hasSize(1000).allMatch((result) -> result.status() == WriteResult.Status.SAVED);
		assertThat(this.store.load(writes.get(999).userId()).orElseThrow().data()).isEqualTo("{\"i\":999}");
	}

	@Test
	void unicodeAndLargeValuesRoundTrip() {
		String userId = newUserId();
		String data = "{\"name\":\"Jörg 🐉 ß\",\"blob\":\"" + "x".repeat(64 * 1024) + "\"}";
		this.store.saveAll(List.of(new UserDataWrite(userId, data, 0)));
		assertThat(this.store.load(userId).orElseThrow().data()).isEqualTo(data);
	}

	@Test
	void userIdsWithSpecialCharactersAreDistinct() {
		String base = newUserId();
		String[] ids = { base + ":a", base + "{a}", base + " a", base + "/a", base + "ä" };
		List<UserDataWrite> writes = new ArrayList<>();
		for (String id : ids) {
			writes.add(new UserDataWrite(id, "\"" + ids.length + id.length() + "\"", 0));
		}
		this.store.saveAll(writes);
		for (UserDataWrite write : writes) {
			assertThat(this.store.load(write.userId()).orElseThrow().data()).isEqualTo(write.data());
		}
	}

	@Test
	void deleteRemovesDataAndReportsWhetherThereWasAny() {
		String userId = newUserId();
		this.store.saveAll(List.of(new UserDataWrite(userId, "{}", 0)));
		assertThat(this.store.delete(userId)).isTrue();
		assertThat(this.store.load(userId)).isEmpty();
		assertThat(this.store.delete(userId)).isFalse();
		assertThat(this.store.saveAll(List.of(new UserDataWrite(userId, "{}", 0))).get(0).status())
			.isEqualTo(WriteResult.Status.SAVED);
	}

	@Test
	void concurrentWritersOfOneVersionExactlyOneWins() throws Exception {
		String userId = newUserId();
		this.store.saveAll(List.of(new UserDataWrite(userId, "{\"w\":0}", 0)));
		int writers = 8;
		ExecutorService executor = Executors.newFixedThreadPool(writers);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<WriteResult>> futures = new ArrayList<>();
			for (int i = 0; i < writers; i++) {
				int writer = i + 1;
				futures.add(executor.submit(() -> {
					start.await();
					return this.store.saveAll(List.of(new UserDataWrite(userId, "{\"w\":" + writer + "}", 1))).get(0);
				}));
			}
			start.countDown();
			List<WriteResult> results = new ArrayList<>();
			for (Future<WriteResult> future : futures) {
				results.add(future.get(30, TimeUnit.SECONDS));
			}
			assertThat(results).filteredOn((result) -> result.status() == WriteResult.Status.SAVED).hasSize(1);
			assertThat(this.store.load(userId).orElseThrow().version()).isEqualTo(2);
		}
		finally {
			executor.shutdownNow();
		}
	}

}
