package dev.gamesessions.autoconfigure;

import java.util.List;

import dev.gamesessions.PersistenceObserver;

/**
 * Hands every observation to several observers.
 */
final class CompositePersistenceObserver implements PersistenceObserver {

	private final List<PersistenceObserver> observers;

	private CompositePersistenceObserver(List<PersistenceObserver> observers) {
		this.observers = observers;
	}

	static PersistenceObserver of(PersistenceObserver... observers) {
		return (observers.length == 1) ? observers[0] : new CompositePersistenceObserver(List.of(observers));
	}

	@Override
	public void batchWritten(int size, int saved, int conflicts, long nanos) {
		this.observers.forEach((observer) -> observer.batchWritten(size, saved, conflicts, nanos));
	}

	@Override
	public void batchFailed(int size, Throwable cause, long nanos) {
		this.observers.forEach((observer) -> observer.batchFailed(size, cause, nanos));
	}

}
