package dev.gamesessions.autoconfigure.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.gamesessions.PersistenceStatus;
import dev.gamesessions.Session;
import dev.gamesessions.SessionManager;
import dev.gamesessions.SessionState;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code gamesessions} Actuator endpoint: lists live sessions, looks one up, destroys
 * one. Sessions are shown and selected by user id, key, or the first characters of their id
 * (at least 4, and unambiguous); whole ids and resume tokens are never shown.
 */
@Endpoint(id = "gamesessions")
public class GameSessionsEndpoint {

	private static final int MIN_ID_PREFIX = 4;

	private static final int MAX_LISTED = 1000;

	private final SessionManager manager;

	private final Clock clock;

	public GameSessionsEndpoint(SessionManager manager) {
		this(manager, Clock.systemUTC());
	}

	GameSessionsEndpoint(SessionManager manager, Clock clock) {
		this.manager = manager;
		this.clock = clock;
	}

	/**
	 * Counts of live sessions by state, the persister's status and the live sessions (the
	 * most recently active first, at most 1000).
	 * @return the report
	 */
	@ReadOperation
	public SessionsReport sessions() {
		Instant now = this.clock.instant();
		List<Session> sessions = List.copyOf(this.manager.sessions());
		Map<SessionState, Integer> byState = new EnumMap<>(SessionState.class);
		sessions.forEach((session) -> byState.merge(session.state(), 1, Integer::sum));
		List<SessionDescriptor> listed = sessions.stream()
			.sorted(Comparator.comparing(Session::lastAccessedAt).reversed())
			.limit(MAX_LISTED)
			.map((session) -> SessionDescriptor.of(session, now))
			.toList();
		PersistenceStatus status = this.manager.persistenceStatus();
		return new SessionsReport(sessions.size(), byState, new PersistenceDescriptor(status), listed);
	}

	/**
	 * One live session.
	 * @param reference user id, key, or first characters of the id
	 * @return the session, or {@code null} (404) when none matches
	 */
	@ReadOperation
	public @Nullable SessionDescriptor session(@Selector String reference) {
		return find(reference).map((session) -> SessionDescriptor.of(session, this.clock.instant())).orElse(null);
	}

	/**
	 * Destroys one live session, persisting its user data as on disconnect.
	 * @param reference user id, key, or first characters of the id
	 * @return the destroyed session, or {@code null} (404) when none matches
	 */
	@DeleteOperation
	public @Nullable SessionDescriptor destroy(@Selector String reference) {
		Optional<Session> session = find(reference);
		session.ifPresent(Session::destroy);
		return session.map((found) -> SessionDescriptor.of(found, this.clock.instant())).orElse(null);
	}

	private Optional<Session> find(String reference) {
		Optional<Session> byUser = this.manager.findByUserId(reference);
		if (byUser.isPresent()) {
			return byUser;
		}
		Optional<Session> byKey = this.manager.findByKey(reference);
		if (byKey.isPresent()) {
			return byKey;
		}
		if (reference.length() < MIN_ID_PREFIX) {
			return Optional.empty();
		}
		List<Session> matches = this.manager.sessions()
			.stream()
			.filter((session) -> session.id().startsWith(reference))
			.limit(2)
			.toList();
		return (matches.size() == 1) ? Optional.of(matches.get(0)) : Optional.empty();
	}

	/**
	 * All live sessions.
	 *
	 * @param live how many sessions are live
	 * @param states live sessions by state
	 * @param persistence the write-behind persister's status
	 * @param sessions the most recently active sessions
	 */
	public record SessionsReport(int live, Map<SessionState, Integer> states, PersistenceDescriptor persistence,
			List<SessionDescriptor> sessions) {
	}

	/**
	 * One session, without secrets.
	 *
	 * @param id first characters of the id
	 * @param key the key, or {@code null}
	 * @param userId the user id, or {@code null}
	 * @param state the state
	 * @param createdAt when it was created
	 * @param age how long ago it was created
	 * @param idle how long since its last activity
	 */
	public record SessionDescriptor(String id, @Nullable String key, @Nullable String userId, SessionState state,
			Instant createdAt, Duration age, Duration idle) {

		static SessionDescriptor of(Session session, Instant now) {
			return new SessionDescriptor(session.maskedId(), session.key(), session.userId(), session.state(),
					session.createdAt(), Duration.between(session.createdAt(), now),
					Duration.between(session.lastAccessedAt(), now));
		}

	}

	/**
	 * The write-behind persister's status.
	 *
	 * @param backlog users waiting to be written
	 * @param consecutiveFailures store calls that failed in a row
	 * @param written writes made durable
	 * @param failed writes given up
	 * @param lastFailure the last failure's type and message, or {@code null}
	 * @param lastFailureAt when it happened, or {@code null}
	 */
	public record PersistenceDescriptor(int backlog, int consecutiveFailures, long written, long failed,
			@Nullable String lastFailure, @Nullable Instant lastFailureAt) {

		PersistenceDescriptor(PersistenceStatus status) {
			this(status.backlog(), status.consecutiveFailures(), status.written(), status.failed(),
					(status.lastFailure() != null) ? status.lastFailure().toString() : null, status.lastFailureAt());
		}

	}

}
