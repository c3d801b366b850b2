package dev.gamesessions;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The live sessions of this node, indexed by id, key and resume token. Each index is a
 * concurrent map; nothing here calls back into sessions or listeners.
 */
final class SessionRegistry {

	private final Map<String, Session> byId = new ConcurrentHashMap<>();

	private final Map<String, Session> byKey = new ConcurrentHashMap<>();

	private final Map<String, Session> byToken = new ConcurrentHashMap<>();

	/**
	 * Adds a new session.
	 * @throws DuplicateSessionKeyException when a live session has its key
	 */
	void add(Session session) {
		String key = session.key();
		if (key != null && this.byKey.putIfAbsent(key, session) != null) {
			throw new DuplicateSessionKeyException("A live session already has the key '" + key + "'");
		}
		this.byId.put(session.id(), session);
	}

	/** Adds a session restored from its stored data, unless one with its id is live already. */
	@Nullable Session addRestored(Session session) {
		return this.byId.putIfAbsent(session.id(), session);
	}

	@Nullable Session byId(String id) {
		return this.byId.get(id);
	}

	@Nullable Session byKey(String key) {
		return this.byKey.get(key);
	}

	@Nullable Session byToken(String token) {
		return this.byToken.get(token);
	}

	Collection<Session> sessions() {
		return this.byId.values();
	}

	List<Session> snapshot() {
		return List.copyOf(this.byId.values());
	}

	int size() {
		return this.byId.size();
	}

	void renamed(Session session, String oldId) {
		this.byId.remove(oldId, session);
		this.byId.put(session.id(), session);
	}

	/**
	 * Indexes a resume token the session has just issued; takes it out again when the
	 * session ended or revoked it meanwhile (both of which happen before their own
	 * unindexing, so whichever runs last leaves no stale entry).
	 */
	void indexToken(Session session, String token) {
		this.byToken.put(token, session);
		if (session.state().isEnded() || !token.equals(session.issuedResumeToken())) {
			this.byToken.remove(token, session);
		}
	}

	void unindexToken(Session session, String token) {
		this.byToken.remove(token, session);
	}

	void remove(Session session) {
		this.byId.remove(session.id(), session);
		String token = session.issuedResumeToken();
		if (token != null) {
			this.byToken.remove(token, session);
		}
		String key = session.key();
		if (key != null) {
			this.byKey.remove(key, session);
		}
	}

}
