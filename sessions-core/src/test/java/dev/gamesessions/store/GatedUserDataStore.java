package dev.gamesessions.store;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A user-data store whose calls hang while its gate is shut, as a frozen store's do, and
 * go through to another store once it opens (or after 30 s, so no test hangs for ever).
 * Shared by the engine's, the WebSocket's and the health tests.
 */
public final class GatedUserDataStore implements UserDataStore {

	private final UserDataStore delegate;

	private volatile CountDownLatch gate = new CountDownLatch(0);

	public GatedUserDataStore(UserDataStore delegate) {
		this.delegate = delegate;
	}

	/** A gated in-memory store. */
	public GatedUserDataStore() {
		this(new InMemoryUserDataStore());
	}

	/** From now on, calls hang until {@link #open()}. */
	public GatedUserDataStore shut() {
		this.gate = new CountDownLatch(1);
		return this;
	}

	/** Lets waiting and later calls through. */
	public void open() {
		this.gate.countDown();
	}

	@Override
	public Optional<StoredUserData> load(String userId) {
		pass();
		return this.delegate.load(userId);
	}

	@Override
	public OptionalLong version(String userId) {
		pass();
		return this.delegate.version(userId);
	}

	@Override
	public List<WriteResult> saveAll(List<UserDataWrite> writes) {
		pass();
		return this.delegate.saveAll(writes);
	}

	@Override
	public boolean delete(String userId) {
		return this.delegate.delete(userId);
	}

	private void pass() {
		try {
			this.gate.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
