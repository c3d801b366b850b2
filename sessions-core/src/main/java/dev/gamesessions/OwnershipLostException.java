package dev.gamesessions;

import java.io.Serial;

/**
 * A write of user data refused because this node no longer holds the user: it was out of
 * touch with the cluster's {@link UserDirectory} for longer than its entries live, and
 * meanwhile another node may have taken the user over. The changes since the user's last
 * write from this node are not written (writing them could overwrite the new owner's);
 * each such user is logged at ERROR.
 */
public class OwnershipLostException extends PersistenceException {

	@Serial
	private static final long serialVersionUID = 1L;

	public OwnershipLostException(String message) {
		super(message);
	}

}
