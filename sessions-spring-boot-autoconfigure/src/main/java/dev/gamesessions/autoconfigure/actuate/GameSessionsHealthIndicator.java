package dev.gamesessions.autoconfigure.actuate;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import dev.gamesessions.PersistenceStatus;
import dev.gamesessions.SessionManager;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of game sessions: DOWN while the user-data store fails (the last write failed, or
 * a probe read fails or does not answer within a second), with the write-behind backlog and
 * live session count as details.
 * <p>
 * The health endpoint never waits long on a store that hangs (a frozen Redis answers
 * nothing until its client's command timeout, a minute by default): the probe runs on a
 * thread of its own and is waited for at most {@link #PROBE_TIMEOUT}; while it still hangs,
 * later checks wait on the same probe instead of starting more.
 */
public class GameSessionsHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

	/** A user id no game uses: reading its version is the cheapest round trip to the store. */
	static final String PROBE_USER_ID = "gamesessions-health-probe";

	/** How long a health check waits for the store's answer. */
	static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

	private final SessionManager manager;

	private final ExecutorService prober = Executors.newSingleThreadExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "game-sessions-health-probe");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicReference<@Nullable CompletableFuture<Void>> probe = new AtomicReference<>();

	public GameSessionsHealthIndicator(SessionManager manager) {
		super("Game sessions health check failed");
		this.manager = manager;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		PersistenceStatus status = this.manager.persistenceStatus();
		builder.withDetail("store", this.manager.userDataStore().getClass().getSimpleName())
			.withDetail("liveSessions", this.manager.size())
			.withDetail("backlog", status.backlog())
			.withDetail("consecutiveFailures", status.consecutiveFailures());
		Throwable lastFailure = status.lastFailure();
		if (lastFailure != null) {
			builder.withDetail("lastFailure", lastFailure.toString());
		}
		boolean storeAnswers = probe(builder);
		if (storeAnswers && status.isHealthy()) {
			builder.up();
		}
		else {
			builder.down();
		}
	}

	private boolean probe(Health.Builder builder) {
		CompletableFuture<Void> running = this.probe.get();
		if (running == null || running.isDone()) {
			running = CompletableFuture.runAsync(() -> this.manager.userDataStore().version(PROBE_USER_ID), this.prober);
			this.probe.set(running);
		}
		try {
			running.get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			builder.withDetail("probe", "the store did not answer within " + PROBE_TIMEOUT.toMillis() + " ms");
			return false;
		}
		catch (ExecutionException ex) {
			builder.withDetail("probe", String.valueOf(ex.getCause()));
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			builder.withDetail("probe", "interrupted");
			return false;
		}
	}

	@Override
	public void destroy() {
		this.prober.shutdownNow();
	}

}
