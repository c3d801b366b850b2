package dev.gamesessions;

/**
 * Observes the store calls of the write-behind persister; the hook metrics libraries plug
 * into. Called on the persister's thread; implementations must be fast and must not throw.
 */
public interface PersistenceObserver {

	/**
	 * Observer that does nothing.
	 */
	PersistenceObserver NONE = new PersistenceObserver() {
	};

	/**
	 * A batch was answered by the store.
	 * @param size writes in the batch
	 * @param saved writes stored
	 * @param conflicts writes refused for a version conflict
	 * @param nanos time the store call took
	 */
	default void batchWritten(int size, int saved, int conflicts, long nanos) {
	}

	/**
	 * A batch failed; its writes stay queued.
	 * @param size writes in the batch
	 * @param cause the store's exception
	 * @param nanos time until the failure
	 */
	default void batchFailed(int size, Throwable cause, long nanos) {
	}

}
