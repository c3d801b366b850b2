package dev.gamesessions.autoconfigure;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a user reads when startup fails on configuration: the property, and why.
 */
public final class StartupFailureAssertions {

	private StartupFailureAssertions() {
	}

	/**
	 * Asserts that startup failed because {@code game.sessions.store} names a store the
	 * application cannot provide.
	 * @param context the context
	 * @param store the store, such as {@code jdbc}
	 * @param reason part of the reason the message gives
	 */
	public static void assertStoreNotAvailable(AssertableApplicationContext context, String store, String reason) {
		assertThat(context).hasFailed();
		assertThat(context.getStartupFailure()).rootCause()
			.isInstanceOf(StoreNotAvailableException.class)
			.hasMessageContaining("game.sessions.store is '" + store + "'")
			.hasMessageContaining(reason);
	}

	/**
	 * Asserts that startup failed on a property's bad value.
	 * @param context the context
	 * @param property the property
	 * @param detail part of the message: the value, or what is missing
	 */
	public static void assertInvalidProperty(AssertableApplicationContext context, String property, String detail) {
		assertThat(context).hasFailed();
		assertThat(context.getStartupFailure()).rootCause()
			.isInstanceOf(InvalidConfigurationPropertyValueException.class)
			.hasMessageContaining(property)
			.hasMessageContaining(detail);
	}

}
