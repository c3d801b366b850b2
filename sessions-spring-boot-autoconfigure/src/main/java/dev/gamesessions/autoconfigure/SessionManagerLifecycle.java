package dev.gamesessions.autoconfigure;

import dev.gamesessions.SessionManager;

import org.springframework.context.SmartLifecycle;

/**
 * Closes the {@link SessionManager} when the application context stops: after the web
 * server has stopped taking connections and before the stores' connections close, so the
 * shutdown flush can still reach them.
 */
class SessionManagerLifecycle implements SmartLifecycle {

	/**
	 * Below the web server's phases (which stop first), above the default phase of nothing
	 * else: store connection factories close later, as beans are destroyed.
	 */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private final SessionManager manager;

	private volatile boolean running;

	SessionManagerLifecycle(SessionManager manager) {
		this.manager = manager;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.manager.shutdown();
	}

	@Override
	public boolean isRunning() {
		return this.running && !this.manager.isClosed();
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
