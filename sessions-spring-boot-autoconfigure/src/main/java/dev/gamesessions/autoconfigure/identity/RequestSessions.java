package dev.gamesessions.autoconfigure.identity;

import dev.gamesessions.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to the game session of an HTTP request ({@code @CurrentSession}) once the
 * request is done, the same on Spring MVC and WebFlux.
 */
public final class RequestSessions {

	private static final Logger logger = LoggerFactory.getLogger(RequestSessions.class);

	private RequestSessions() {
	}

	/**
	 * Ends a request's use of its session: a visitor without a cookie who only looked (the
	 * request created the session, was a {@code GET} or {@code HEAD}, and neither identified
	 * the session nor changed its data) keeps it only for the reconnect grace window, for
	 * the page's WebSocket or the next request to pick it up, not for hours; any other
	 * session's changed data is saved (a store failure is logged; the changes stay pending).
	 * Blocks on the session data store.
	 * @param session the request's session, not ended
	 * @param createdByTheRequest whether the request created the session
	 * @param readOnlyMethod whether the request was a {@code GET} or a {@code HEAD}
	 */
	public static void afterRequest(Session session, boolean createdByTheRequest, boolean readOnlyMethod) {
		if (createdByTheRequest && readOnlyMethod && !session.isIdentified() && !session.data().isDirty()) {
			session.disconnect();
			return;
		}
		try {
			session.data().save();
		}
		catch (RuntimeException failure) {
			logger.warn("Could not save session data of session {} after the request: {}", session.maskedId(),
					failure.toString());
		}
	}

}
