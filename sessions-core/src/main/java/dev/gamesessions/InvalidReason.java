package dev.gamesessions;

/**
 * Why a reference to a session or to stored data was rejected.
 */
public enum InvalidReason {

	/**
	 * No session (or token) of that name exists: never issued, already used, or expired.
	 */
	UNKNOWN,

	/**
	 * The reference is not well formed (blank, too long, characters outside the id
	 * alphabet).
	 */
	MALFORMED,

	/**
	 * The session exists but has ended.
	 */
	EXPIRED,

	/**
	 * Stored data exists but cannot be decoded.
	 */
	UNREADABLE

}
