package dev.gamesessions.autoconfigure;

import dev.gamesessions.SessionManager;

/**
 * Callback to customize the auto-configured {@link SessionManager} before it is built: add
 * listeners, a user data factory, a persistence observer. Customizer beans are applied in
 * their {@link org.springframework.core.annotation.Order order}.
 */
@FunctionalInterface
public interface SessionManagerCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder, already holding the configuration and stores
	 */
	void customize(SessionManager.Builder builder);

}
