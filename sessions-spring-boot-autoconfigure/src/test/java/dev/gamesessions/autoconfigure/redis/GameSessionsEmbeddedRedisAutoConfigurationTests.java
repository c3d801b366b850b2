package dev.gamesessions.autoconfigure.redis;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.gamesessions.Session;
import dev.gamesessions.SessionManager;
import dev.gamesessions.autoconfigure.GameSessionsAutoConfiguration;
import dev.gamesessions.autoconfigure.actuate.GameSessionsActuatorAutoConfiguration;
import dev.gamesessions.autoconfigure.actuate.GameSessionsHealthIndicator;
import dev.gamesessions.store.redis.RedisUserDataStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.Delay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import redis.embedded.RedisServer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.core.StringRedisTemplate;

import static dev.gamesessions.autoconfigure.StartupFailureAssertions.assertInvalidProperty;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class GameSessionsEmbeddedRedisAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GameSessionsEmbeddedRedisAutoConfiguration.class,
				DataRedisAutoConfiguration.class, GameSessionsRedisAutoConfiguration.class,
				GameSessionsAutoConfiguration.class));

	@Test
	void notStartedUnlessEnabled() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(EmbeddedRedis.class));
		this.contextRunner.withPropertyValues("game.sessions.redis.embedded.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(EmbeddedRedis.class));
	}

	@Test
	void startsWithTheContextServesTheStoresAndStopsWhenItCloses(CapturedOutput output) {
		int[] port = new int[1];
		// spring.data.redis.* points nowhere: the embedded server takes its place.
		this.contextRunner.withPropertyValues("game.sessions.redis.embedded.enabled=true", "spring.data.redis.port=1")
			.run((context) -> {
				port[0] = context.getBean(EmbeddedRedis.class).port();
				assertThat(port[0]).isPositive();
				assertThat(context.getBean(DataRedisConnectionDetails.class).getStandalone().getPort())
					.isEqualTo(port[0]);
				StringRedisTemplate redisTemplate = context.getBean(StringRedisTemplate.class);
				redisTemplate.opsForValue().set("gs-test-ping", "pong");
				assertThat(redisTemplate.opsForValue().get("gs-test-ping")).isEqualTo("pong");
				assertThat(context.getBean(SessionManager.class).userDataStore())
					.isInstanceOf(RedisUserDataStore.class);
			});
		assertThat(output).contains("Embedded Redis for game sessions started on 127.0.0.1:" + port[0])
			.contains("data directory none");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatIOException().isThrownBy(() -> {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(EmbeddedRedis.HOST, port[0]), 500);
			}
		}));
	}

	@Test
	void dataInTheDataDirectorySurvivesARestartAndTheShutdownFlushLandsBeforeTheServerStops(
			@TempDir Path dataDirectory) {
		ApplicationContextRunner runner = this.contextRunner.withPropertyValues(
				"game.sessions.redis.embedded.enabled=true",
				"game.sessions.redis.embedded.data-directory=" + dataDirectory,
				"game.sessions.persistence.interval=0");
		runner.run((context) -> {
			Session session = context.getBean(SessionManager.class).create();
			session.start();
			session.identify("bob");
			session.userData(Map.class).put("level", 12);
			// not persisted here: the shutdown flush must write it before Redis stops
		});
		runner.run((context) -> {
			Session session = context.getBean(SessionManager.class).create();
			session.start();
			session.identify("bob");
			assertThat(session.userData(Map.class)).containsEntry("level", 12);
		});
	}

	@Test
	void aTakenPortFailsStartupNamingTheProperty() throws IOException {
		try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName(EmbeddedRedis.HOST))) {
			this.contextRunner
				.withPropertyValues("game.sessions.redis.embedded.enabled=true",
						"game.sessions.redis.embedded.port=" + taken.getLocalPort())
				.run((context) -> assertInvalidProperty(context, "game.sessions.redis.embedded.port",
						String.valueOf(taken.getLocalPort())));
		}
	}

	@Test
	void enabledWithoutEmbeddedRedisOnTheClasspathFailsNamingTheCoordinates() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RedisServer.class))
			.withPropertyValues("game.sessions.redis.embedded.enabled=true")
			.run((context) -> {
				FailureAnalysis analysis = analyzeEmbeddedRedisFailure(context);
				assertThat(analysis.getDescription()).contains("game.sessions.redis.embedded.enabled is true")
					.contains("com.github.codemonstur:embedded-redis");
				assertThat(analysis.getAction()).contains("Add com.github.codemonstur:embedded-redis");
			});
	}

	@Test
	void enabledWithoutSpringDataRedisFailsInsteadOfKeepingDataInMemory() {
		this.contextRunner
			.withClassLoader(new FilteredClassLoader("org.springframework.data.redis",
					"org.springframework.boot.data.redis"))
			.withPropertyValues("game.sessions.redis.embedded.enabled=true")
			.run((context) -> {
				FailureAnalysis analysis = analyzeEmbeddedRedisFailure(context);
				assertThat(analysis.getDescription()).contains("spring-boot-starter-data-redis")
					.contains("would silently stay in memory");
				assertThat(analysis.getAction()).contains("Add org.springframework.boot:spring-boot-starter-data-redis");
			});
	}

	@Test
	void aSecondApplicationOnTheSameDataDirectoryIsRefused(@TempDir Path dataDirectory) {
		ApplicationContextRunner runner = this.contextRunner.withPropertyValues(
				"game.sessions.redis.embedded.enabled=true",
				"game.sessions.redis.embedded.data-directory=" + dataDirectory);
		runner.run((first) -> {
			assertThat(first).hasNotFailed();
			runner.run((second) -> {
				FailureAnalysis analysis = analyzeEmbeddedRedisFailure(second);
				assertThat(analysis.getDescription()).contains(dataDirectory.toAbsolutePath().toString())
					.contains("in use by the embedded Redis server of another running application");
				assertThat(analysis.getAction()).contains("game.sessions.redis.embedded.data-directory");
			});
			assertThat(first.getBean(StringRedisTemplate.class).hasKey("any")).isFalse();
		});
		// Once the first has stopped, the directory is free again.
		runner.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void aServerLeftRunningByADeadApplicationIsStoppedAndItsDataKept(@TempDir Path dataDirectory,
			CapturedOutput output) throws IOException {
		// What a kill -9 of the application leaves behind: its redis-server, still running on
		// the data directory, and nobody holding the directory's lock.
		int stalePort;
		try (ServerSocket socket = new ServerSocket(0)) {
			stalePort = socket.getLocalPort();
		}
		RedisServer.newRedisServer()
			.port(stalePort)
			.bind(EmbeddedRedis.HOST)
			.setting("dir " + dataDirectory.toAbsolutePath())
			.setting("appendonly yes")
			.setting("pidfile " + dataDirectory.resolve(EmbeddedRedis.PID_FILE).toAbsolutePath())
			.build()
			.start();
		RedisClient client = RedisClient.create(RedisURI.create(EmbeddedRedis.HOST, stalePort));
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			connection.sync().set("progress", "level 7");
		}
		finally {
			client.shutdown();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(dataDirectory.resolve(EmbeddedRedis.PID_FILE)));
		long stalePid = Long.parseLong(Files.readString(dataDirectory.resolve(EmbeddedRedis.PID_FILE)).strip());

		this.contextRunner
			.withPropertyValues("game.sessions.redis.embedded.enabled=true",
					"game.sessions.redis.embedded.data-directory=" + dataDirectory)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(ProcessHandle.of(stalePid).filter(ProcessHandle::isAlive)).isEmpty();
				assertThat(context.getBean(StringRedisTemplate.class).opsForValue().get("progress"))
					.isEqualTo("level 7");
			});
		assertThat(output).contains("Stopping the embedded Redis server (pid " + stalePid + ")");
	}

	private static FailureAnalysis analyzeEmbeddedRedisFailure(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		assertThat(context.getStartupFailure()).rootCause().isInstanceOf(EmbeddedRedisException.class);
		FailureAnalysis analysis = new EmbeddedRedisFailureAnalyzer().analyze(context.getStartupFailure());
		assertThat(analysis).isNotNull();
		return analysis;
	}

	@Test
	void healthIsDownWhileRedisIsStoppedAndUpAgainWhenItIsBack() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(GameSessionsActuatorAutoConfiguration.class))
			.withBean(ClientResourcesBuilderCustomizer.class,
					() -> (builder) -> builder.reconnectDelay(Delay.constant(Duration.ofMillis(100))))
			.withPropertyValues("game.sessions.redis.embedded.enabled=true", "spring.data.redis.timeout=500ms")
			.run((context) -> {
				GameSessionsHealthIndicator health = context.getBean(GameSessionsHealthIndicator.class);
				EmbeddedRedis redis = context.getBean(EmbeddedRedis.class);
				assertThat(health.health().getStatus()).isEqualTo(Status.UP);
				redis.stop();
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(health.health().getStatus()).isEqualTo(Status.DOWN));
				redis.start();
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(health.health().getStatus()).isEqualTo(Status.UP));
			});
	}

}
