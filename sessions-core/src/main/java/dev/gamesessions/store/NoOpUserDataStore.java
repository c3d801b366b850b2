package dev.gamesessions.store;

import java.util.List;
import java.util.Optional;

/**
 * A {@link UserDataStore} that keeps nothing: every user starts without stored data and
 * every write succeeds without being kept. Use it when the application persists user data
 * itself from {@code PersistUserData} events, as Cagey's sessions did.
 */
public final class NoOpUserDataStore implements UserDataStore {

	@Override
	public Optional<StoredUserData> load(String userId) {
		return Optional.empty();
	}

	@Override
	public List<WriteResult> saveAll(List<UserDataWrite> writes) {
		return writes.stream().map(WriteResult::saved).toList();
	}

	@Override
	public boolean delete(String userId) {
		return false;
	}

}
