package dev.gamesessions.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reference {@link UserDataStore}: user data in a map of this process. Data is lost
 * when the process ends; use it for tests, development, and as the behaviour every other
 * store must match.
 */
public final class InMemoryUserDataStore implements UserDataStore {

	private final Map<String, StoredUserData> records = new ConcurrentHashMap<>();

	@Override
	public Optional<StoredUserData> load(String userId) {
		return Optional.ofNullable(this.records.get(userId));
	}

	@Override
	public OptionalLong version(String userId) {
		StoredUserData stored = this.records.get(userId);
		return (stored != null) ? OptionalLong.of(stored.version()) : OptionalLong.empty();
	}

	@Override
	public List<WriteResult> saveAll(List<UserDataWrite> writes) {
		List<WriteResult> results = new ArrayList<>(writes.size());
		for (UserDataWrite write : writes) {
			results.add(save(write));
		}
		return results;
	}

	private WriteResult save(UserDataWrite write) {
		WriteResult[] result = new WriteResult[1];
		this.records.compute(write.userId(), (userId, current) -> {
			long currentVersion = (current != null) ? current.version() : 0;
			if (currentVersion == write.expectedVersion()) {
				result[0] = WriteResult.saved(write);
				return new StoredUserData(userId, write.data(), write.newVersion());
			}
			if (current != null && currentVersion == write.newVersion() && current.data().equals(write.data())) {
				result[0] = WriteResult.saved(write);
				return current;
			}
			result[0] = WriteResult.conflict(write, currentVersion);
			return current;
		});
		return result[0];
	}

	@Override
	public boolean delete(String userId) {
		return this.records.remove(userId) != null;
	}

	/**
	 * How many users have data.
	 * @return the number of records
	 */
	public int size() {
		return this.records.size();
	}

}
