package dev.gamesessions;

import java.io.Serial;

/**
 * Thrown when a user logs in while another node holds them and that node did not confirm,
 * within the persist timeout, that it has written the user's data and let go. The login is
 * refused rather than carried out on data the other node may still change: the directory
 * entry is given back to that node, the session stays {@link SessionState#STARTED}, and the
 * player may try again. Once the other node writes (or its entries expire after it died),
 * the next login succeeds.
 */
public class HandOverTimeoutException extends UserAlreadyOnlineException {

	@Serial
	private static final long serialVersionUID = 1L;

	public HandOverTimeoutException(String message) {
		super(message);
	}

}
