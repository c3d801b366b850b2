package dev.gamesessions;

/**
 * A registered listener; closing it removes the listener. Closing twice does nothing.
 */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

	@Override
	void close();

}
