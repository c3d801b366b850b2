package dev.gamesessions;

/**
 * What happens when stored user data cannot be decoded. Either way an
 * {@link SessionEvent.Invalid} event reports it and other users are unaffected.
 */
public enum CorruptDataPolicy {

	/**
	 * Identifying fails with {@link CorruptDataException}; the stored record is left as it
	 * is for an operator to inspect.
	 */
	FAIL,

	/**
	 * The user starts over with fresh user data from the {@link UserDataFactory}; the next
	 * persist replaces the unreadable record.
	 */
	RESET

}
