package dev.gamesessions.autoconfigure.actuate;

import dev.gamesessions.SessionManager;
import dev.gamesessions.autoconfigure.GameSessionsAutoConfiguration;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@code gamesessions} Actuator endpoint and health indicator,
 * each when its part of Actuator is on the classpath.
 */
@AutoConfiguration(after = GameSessionsAutoConfiguration.class)
@ConditionalOnBean(SessionManager.class)
public final class GameSessionsActuatorAutoConfiguration {

	GameSessionsActuatorAutoConfiguration() {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
	@ConditionalOnAvailableEndpoint(GameSessionsEndpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		GameSessionsEndpoint gameSessionsEndpoint(SessionManager manager) {
			return new GameSessionsEndpoint(manager);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
	@ConditionalOnEnabledHealthIndicator("gamesessions")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "gamesessionsHealthIndicator")
		GameSessionsHealthIndicator gamesessionsHealthIndicator(SessionManager manager) {
			return new GameSessionsHealthIndicator(manager);
		}

	}

}
