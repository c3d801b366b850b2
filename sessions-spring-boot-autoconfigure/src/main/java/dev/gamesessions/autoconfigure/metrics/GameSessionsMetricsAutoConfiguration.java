package dev.gamesessions.autoconfigure.metrics;

import dev.gamesessions.SessionManager;
import dev.gamesessions.autoconfigure.GameSessionsAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of {@link GameSessionsMetrics} when the application has a Micrometer
 * {@link MeterRegistry}.
 */
@AutoConfiguration(after = { MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class },
		before = GameSessionsAutoConfiguration.class)
@ConditionalOnClass({ MeterRegistry.class, MetricsAutoConfiguration.class })
@ConditionalOnBean(MeterRegistry.class)
public final class GameSessionsMetricsAutoConfiguration {

	GameSessionsMetricsAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	GameSessionsMetrics gameSessionsMetrics(MeterRegistry registry, ObjectProvider<SessionManager> manager) {
		return new GameSessionsMetrics(registry, () -> {
			try {
				return manager.getIfAvailable();
			}
			catch (BeansException ex) {
				// Scraped while the context is starting or closing.
				return null;
			}
		});
	}

}
