package dev.gamesessions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.gamesessions.store.InMemoryUserDataStore;
import dev.gamesessions.store.StoreException;
import dev.gamesessions.store.StoredUserData;
import dev.gamesessions.store.UserDataStore;
import dev.gamesessions.store.UserDataWrite;
import dev.gamesessions.store.WriteResult;

/**
 * An in-memory user-data store that tests can take down and that records what it is asked.
 */
final class ControllableUserDataStore implements UserDataStore {

	final InMemoryUserDataStore delegate = new InMemoryUserDataStore();

	final AtomicBoolean down = new AtomicBoolean();

	final AtomicInteger loads = new AtomicInteger();

	final AtomicInteger batches = new AtomicInteger();

	final AtomicInteger failedBatches = new AtomicInteger();

	/** Batches inside {@link #saveAll(List)} right now, as their user ids. */
	final List<List<String>> batchesInProgress = Collections.synchronizedList(new ArrayList<>());

	/** While set and not counted down, {@link #saveAll(List)} waits for it (at most 10 s). */
	volatile CountDownLatch gate = new CountDownLatch(0);

	/** Every write the store applied, in order. */
	final List<UserDataWrite> applied = Collections.synchronizedList(new ArrayList<>());

	@Override
	public Optional<StoredUserData> load(String userId) {
		checkUp();
		this.loads.incrementAndGet();
		return this.delegate.load(userId);
	}

	@Override
	public List<WriteResult> saveAll(List<UserDataWrite> writes) {
		if (this.down.get()) {
			this.failedBatches.incrementAndGet();
		}
		checkUp();
		List<String> users = writes.stream().map(UserDataWrite::userId).toList();
		this.batchesInProgress.add(users);
		try {
			this.gate.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.batchesInProgress.remove(users);
		}
		this.batches.incrementAndGet();
		List<WriteResult> results = this.delegate.saveAll(writes);
		for (int i = 0; i < writes.size(); i++) {
			if (results.get(i).status() == WriteResult.Status.SAVED) {
				this.applied.add(writes.get(i));
			}
		}
		return results;
	}

	@Override
	public boolean delete(String userId) {
		checkUp();
		return this.delegate.delete(userId);
	}

	void put(String userId, String data) {
		long version = this.delegate.version(userId).orElse(0);
		this.delegate.saveAll(List.of(new UserDataWrite(userId, data, version)));
	}

	String stored(String userId) {
		return this.delegate.load(userId).map(StoredUserData::data).orElse(null);
	}

	List<UserDataWrite> appliedFor(String userId) {
		synchronized (this.applied) {
			return this.applied.stream().filter((write) -> write.userId().equals(userId)).toList();
		}
	}

	private void checkUp() {
		if (this.down.get()) {
			throw new StoreException("store is down (test)");
		}
	}

}
