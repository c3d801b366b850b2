package dev.gamesessions.autoconfigure.webflux;

import java.time.Duration;

import dev.gamesessions.DataCodec;
import dev.gamesessions.SessionManager;
import dev.gamesessions.autoconfigure.GameSessionsAutoConfiguration;
import dev.gamesessions.autoconfigure.identity.SessionCookies;
import dev.gamesessions.autoconfigure.web.GameSessionsWebMvcAutoConfiguration;
import dev.gamesessions.autoconfigure.websocket.GameSessionsWebSocket;
import dev.gamesessions.autoconfigure.websocket.GameSessionsWebSocketAutoConfiguration;
import dev.gamesessions.autoconfigure.websocket.GameSessionsWebSocketProperties;
import dev.gamesessions.autoconfigure.websocket.WebSocketConnections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reactive and the servlet auto-configurations of the module each stay on their own
 * stack, and the reactive endpoint says why it is missing rather than leaving a silent
 * 404.
 */
@ExtendWith(OutputCaptureExtension.class)
class GameSessionsWebFluxAutoConfigurationTests {

	private static final AutoConfigurations ALL = AutoConfigurations.of(GameSessionsAutoConfiguration.class,
			GameSessionsWebMvcAutoConfiguration.class, GameSessionsWebSocketAutoConfiguration.class,
			GameSessionsWebFluxAutoConfiguration.class, ReactiveEndpointCheckAutoConfiguration.class);

	private final ReactiveWebApplicationContextRunner reactive = new ReactiveWebApplicationContextRunner()
		.withConfiguration(ALL);

	private final WebApplicationContextRunner servlet = new WebApplicationContextRunner().withConfiguration(ALL);

	@Test
	void aReactiveApplicationGetsTheWebFluxSupportAndNoneOfTheServletOne() {
		this.reactive.run((context) -> assertThat(context).hasSingleBean(GameSessionsWebFlux.class)
			.hasSingleBean(ReactiveWebSocketConnections.class)
			.hasSingleBean(WebFluxSessionCookies.class)
			.hasSingleBean(CurrentSessionWebFilter.class)
			.doesNotHaveBean(GameSessionsWebSocket.class)
			.doesNotHaveBean(WebSocketConnections.class)
			.doesNotHaveBean(SessionCookies.class)
			.doesNotHaveBean(ReactiveEndpointCheckAutoConfiguration.ENDPOINT_BEAN));
	}

	@Test
	void aServletApplicationGetsTheServletSupportAndNoneOfTheWebFluxOne() {
		this.servlet.run((context) -> assertThat(context).hasSingleBean(GameSessionsWebSocket.class)
			.hasSingleBean(WebSocketConnections.class)
			.hasSingleBean(SessionCookies.class)
			.doesNotHaveBean(GameSessionsWebFlux.class)
			.doesNotHaveBean(ReactiveWebSocketConnections.class)
			.doesNotHaveBean(WebFluxSessionCookies.class)
			.doesNotHaveBean(CurrentSessionWebFilter.class));
	}

	@Test
	void thePathRegistersTheReactiveEndpointWithoutAWarning(CapturedOutput output) {
		this.reactive.withPropertyValues("game.sessions.websocket.path=/play").run((context) -> {
			assertThat(context).hasBean(ReactiveEndpointCheckAutoConfiguration.ENDPOINT_BEAN);
			assertThat(context.getBean(ReactiveEndpointCheckAutoConfiguration.ENDPOINT_BEAN))
				.isInstanceOf(HandlerMapping.class);
		});
		assertThat(output).doesNotContain("does not serve it");
	}

	@Test
	void withoutReactorNettyThePathIsNotServedAndAWarningSaysWhy(CapturedOutput output) {
		this.reactive.withPropertyValues("game.sessions.websocket.path=/play")
			.withClassLoader(new FilteredClassLoader(HttpServer.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ReactiveEndpointCheckAutoConfiguration.ENDPOINT_BEAN)
				.doesNotHaveBean(GameSessionsWebFlux.class));
		assertThat(output).contains("game.sessions.websocket.path=/play is set, but this reactive application does "
				+ "not serve it")
			.contains("Reactor Netty");
	}

	@Test
	void theApplicationsOwnSupportBeanWins() {
		this.reactive.withUserConfiguration(OwnSupport.class)
			.run((context) -> assertThat(context).hasSingleBean(GameSessionsWebFlux.class)
				.getBean(GameSessionsWebFlux.class)
				.isSameAs(context.getBean(OwnSupport.class).support));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnSupport {

		GameSessionsWebFlux support;

		@Bean
		GameSessionsWebFlux ownGameSessionsWebFlux(SessionManager manager, DataCodec codec,
				ApplicationEventPublisher publisher) {
			this.support = new GameSessionsWebFlux(manager,
					new GameSessionsWebSocketProperties(),
					new ReactiveWebSocketConnections(Duration.ZERO, Duration.ofMinutes(1), Duration.ofSeconds(10)),
					codec, null, publisher, Schedulers.boundedElastic());
			return this.support;
		}

	}

}
