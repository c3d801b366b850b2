package dev.gamesessions.autoconfigure;

/**
 * Where user data and session data are persisted.
 */
public enum StoreType {

	/**
	 * In this process only; lost on restart. For development and tests.
	 */
	MEMORY,

	/**
	 * Redis, through the application's {@code RedisConnectionFactory} (or the embedded
	 * server).
	 */
	REDIS,

	/**
	 * A relational database, through the application's {@code DataSource}.
	 */
	JDBC,

	/**
	 * Nothing is stored: user data starts empty and only {@code PersistUserDataEvent} is
	 * published, for applications that persist user data themselves. Session data stays in
	 * memory.
	 */
	NONE

}
