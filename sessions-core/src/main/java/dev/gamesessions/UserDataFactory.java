package dev.gamesessions;

/**
 * Creates the user data of a first-time player: one who identifies and has no stored user
 * data.
 */
@FunctionalInterface
public interface UserDataFactory {

	/**
	 * Creates fresh user data.
	 * @param userId the user id
	 * @return new user data, never {@code null}
	 */
	Object create(String userId);

}
