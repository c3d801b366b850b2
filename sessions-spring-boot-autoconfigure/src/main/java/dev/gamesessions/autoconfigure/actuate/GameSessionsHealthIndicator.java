package dev.gamesessions.autoconfigure.actuate;

import dev.gamesessions.PersistenceStatus;
import dev.gamesessions.SessionManager;
import dev.gamesessions.store.StoreException;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of game sessions: DOWN while the user-data store fails (the last write failed, or
 * a probe read fails), with the write-behind backlog and live session count as details.
 */
public class GameSessionsHealthIndicator extends AbstractHealthIndicator {

	/** A user id no game uses: reading its version is the cheapest round trip to the store. */
	static final String PROBE_USER_ID = "gamesessions-health-probe";

	private final SessionManager manager;

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
		if (status.lastFailure() != null) {
			builder.withDetail("lastFailure", status.lastFailure().toString());
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
		try {
			this.manager.userDataStore().version(PROBE_USER_ID);
			return true;
		}
		catch (StoreException ex) {
			builder.withDetail("probe", ex.toString());
			return false;
		}
	}

}
