package dev.gamesessions;

import java.util.Map;

/**
 * Shortcuts the engine and store tests share.
 */
public final class TestSessions {

	private TestSessions() {
	}

	/**
	 * Creates, starts and identifies a session.
	 * @param manager the manager (node)
	 * @param userId the user to identify as
	 * @return the identified session
	 */
	public static Session identified(SessionManager manager, String userId) {
		Session session = manager.create();
		session.start();
		session.identify(userId);
		return session;
	}

	/**
	 * The user data of a session whose user data type is {@link Map}, to mutate in place.
	 * @param session the identified session
	 * @return its user data
	 */
	@SuppressWarnings("unchecked")
	public static Map<String, Object> data(Session session) {
		return session.userData(Map.class);
	}

}
