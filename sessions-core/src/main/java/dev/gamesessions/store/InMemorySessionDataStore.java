package dev.gamesessions.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reference {@link SessionDataStore}: session data in a map of this process, expired
 * by {@link #prune(Instant)} and treated as absent once expired. Data is lost when the
 * process ends.
 */
public final class InMemorySessionDataStore implements SessionDataStore {

	private final Map<String, Entry> entries = new ConcurrentHashMap<>();

	private final Clock clock;

	public InMemorySessionDataStore() {
		this(Clock.systemUTC());
	}

	public InMemorySessionDataStore(Clock clock) {
		this.clock = clock;
	}

	@Override
	public Optional<Map<String, String>> load(String sessionId, Duration ttl) {
		Instant now = this.clock.instant();
		Entry entry = this.entries.computeIfPresent(sessionId,
				(id, current) -> current.isExpired(now) ? null : current.withExpiry(now.plus(ttl)));
		return (entry != null) ? Optional.of(Map.copyOf(entry.values())) : Optional.empty();
	}

	@Override
	public void apply(String sessionId, Map<String, String> set, Set<String> removed, Duration ttl) {
		Instant now = this.clock.instant();
		this.entries.compute(sessionId, (id, current) -> {
			Map<String, String> values = new HashMap<>();
			if (current != null && !current.isExpired(now)) {
				values.putAll(current.values());
			}
			values.putAll(set);
			values.keySet().removeAll(removed);
			return values.isEmpty() ? null : new Entry(Map.copyOf(values), now.plus(ttl));
		});
	}

	@Override
	public void delete(String sessionId) {
		this.entries.remove(sessionId);
	}

	@Override
	public void rename(String oldId, String newId, Duration ttl) {
		Entry entry = this.entries.remove(oldId);
		Instant now = this.clock.instant();
		if (entry != null && !entry.isExpired(now)) {
			this.entries.put(newId, entry.withExpiry(now.plus(ttl)));
		}
	}

	@Override
	public int prune(Instant now) {
		int[] removed = new int[1];
		this.entries.forEach((id, entry) -> {
			if (entry.isExpired(now) && this.entries.remove(id, entry)) {
				removed[0]++;
			}
		});
		return removed[0];
	}

	private record Entry(Map<String, String> values, Instant expiresAt) {

		boolean isExpired(Instant now) {
			return !now.isBefore(this.expiresAt);
		}

		Entry withExpiry(Instant expiresAt) {
			return new Entry(this.values, expiresAt);
		}

	}

}
