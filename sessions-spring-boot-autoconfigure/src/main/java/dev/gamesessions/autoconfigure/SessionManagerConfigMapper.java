package dev.gamesessions.autoconfigure;

import java.util.function.Consumer;

import dev.gamesessions.SessionManagerConfig;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Copies {@link GameSessionsProperties} onto a {@link SessionManagerConfig}. A value the
 * core rejects fails startup naming the property, the value and the reason.
 */
final class SessionManagerConfigMapper {

	private static final String PREFIX = "game.sessions.";

	private SessionManagerConfigMapper() {
	}

	static SessionManagerConfig map(GameSessionsProperties properties) {
		SessionManagerConfig.Builder builder = SessionManagerConfig.builder();
		PropertyMapper map = PropertyMapper.get();
		GameSessionsProperties.Persistence persistence = properties.getPersistence();
		map.from(persistence::getEvents).to(checked("persistence.events", builder::persistEvents));
		map.from(persistence::getInterval).to(checked("persistence.interval", builder::persistInterval));
		map.from(persistence::getShutdownTimeout)
			.to(checked("persistence.shutdown-timeout", builder::shutdownTimeout));
		map.from(persistence::getTimeout).to(checked("persistence.timeout", builder::persistTimeout));
		map.from(persistence::getBatchSize).to(checked("persistence.batch-size", builder::writeBatchSize));
		map.from(persistence::getWriteConcurrency)
			.to(checked("persistence.write-concurrency", builder::writeConcurrency));
		map.from(persistence::getInitialBackoff)
			.to(checked("persistence.initial-backoff", builder::retryInitialBackoff));
		map.from(persistence::getMaxBackoff).to(checked("persistence.max-backoff", builder::retryMaxBackoff));
		map.from(properties::getDuration).to(checked("duration", builder::duration));
		map.from(properties::getPruneFrequency).to(checked("prune-frequency", builder::pruneFrequency));
		map.from(properties::getMaxSessions).to(checked("max-sessions", builder::maxSessions));
		map.from(properties::getSingleSession).to(checked("single-session", builder::singleSessionPolicy));
		map.from(properties.getReconnect()::getGrace).to(checked("reconnect.grace", builder::reconnectGrace));
		map.from(properties.getSessionData()::getMaxSize)
			.to(checked("session-data.max-size", (size) -> builder.maxSessionDataBytes(Math.toIntExact(size.toBytes()))));
		map.from(properties.getCache()::getLimit).to(checked("cache.limit", builder::cacheLimit));
		map.from(properties.getCache()::getMaxAge).to(checked("cache.max-age", builder::cacheMaxAge));
		map.from(properties.getUserData()::getType).to(checked("user-data.type", builder::userDataType));
		map.from(properties.getUserData()::getOnCorrupt)
			.to(checked("user-data.on-corrupt", builder::corruptDataPolicy));
		try {
			return builder.build();
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "persistence.max-backoff",
					persistence.getMaxBackoff(), ex.getMessage());
		}
	}

	private static <T> Consumer<T> checked(String name, Consumer<T> setter) {
		return (value) -> {
			try {
				setter.accept(value);
			}
			catch (IllegalArgumentException | ArithmeticException ex) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + name, value, ex.getMessage());
			}
		};
	}

}
