package dev.gamesessions.store.redis;

import java.io.IOException;
import java.net.URI;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration.LettuceClientConfigurationBuilder;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettucePoolingClientConfiguration;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import redis.embedded.RedisServer;

/**
 * The Redis server a test class runs against, registered as a static JUnit extension:
 * either an embedded Redis on a free port (always available), the real server named by
 * {@code GAMESESSIONS_TEST_REDIS_URL}, or the Redis Cluster whose nodes
 * {@code GAMESESSIONS_TEST_REDIS_CLUSTER_NODES} lists ({@code host:port,host:port,...}); the
 * tests of a class whose variable is not set are skipped with a message. Each class gets a
 * key prefix of its own, and its keys are deleted after the class.
 * <p>
 * The Lettuce client is tuned for tests that stop the server: one-second command and
 * connect timeouts, commands rejected while disconnected, and reconnects every 100 ms.
 */
final class RedisTarget implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

	static final String URL_VARIABLE = "GAMESESSIONS_TEST_REDIS_URL";

	static final String CLUSTER_VARIABLE = "GAMESESSIONS_TEST_REDIS_CLUSTER_NODES";

	private final boolean embedded;

	private final boolean cluster;

	private final String keyPrefix = "gs-test-" + UUID.randomUUID() + ":";

	private final List<LettuceConnectionFactory> factories = new ArrayList<>();

	private RedisConfiguration configuration;

	private ClientResources clientResources;

	private RedisServer server;

	private Path dataDirectory;

	private int port;

	private RedisTarget(boolean embedded, boolean cluster) {
		this.embedded = embedded;
		this.cluster = cluster;
	}

	/** An embedded Redis started for the test class. */
	static RedisTarget embedded() {
		return new RedisTarget(true, false);
	}

	/** The real Redis of {@value #URL_VARIABLE}; skips the test class when it is not set. */
	static RedisTarget real() {
		return new RedisTarget(false, false);
	}

	/** The Redis Cluster of {@value #CLUSTER_VARIABLE}; skips the test class when it is not set. */
	static RedisTarget cluster() {
		return new RedisTarget(false, true);
	}

	@Override
	public void beforeAll(ExtensionContext context) throws Exception {
		if (this.embedded) {
			try (ServerSocket socket = new ServerSocket(0)) {
				this.port = socket.getLocalPort();
			}
			this.dataDirectory = Files.createTempDirectory("gs-embedded-redis");
			startServer();
			this.configuration = new RedisStandaloneConfiguration("127.0.0.1", this.port);
		}
		else if (this.cluster) {
			String nodes = System.getenv(CLUSTER_VARIABLE);
			if (nodes == null || nodes.isBlank()) {
				return;
			}
			this.configuration = new RedisClusterConfiguration(List.of(nodes.split(",")));
		}
		else {
			String url = System.getenv(URL_VARIABLE);
			if (url == null || url.isBlank()) {
				return;
			}
			this.configuration = standaloneConfiguration(URI.create(url));
		}
		this.clientResources = ClientResources.builder()
			.reconnectDelay(Delay.constant(Duration.ofMillis(100)))
			.build();
	}

	/** Skips each test, rather than the class, so that reports count and explain the skips. */
	@Override
	public void beforeEach(ExtensionContext context) {
		Assumptions.assumeTrue(this.configuration != null, this.cluster
				? CLUSTER_VARIABLE + " not set: skipping tests against a Redis Cluster"
				: URL_VARIABLE + " not set: skipping tests against a real Redis");
	}

	@Override
	public void afterAll(ExtensionContext context) throws Exception {
		try {
			if (this.configuration != null && isRunning()) {
				deleteKeys();
			}
		}
		finally {
			this.factories.forEach(LettuceConnectionFactory::destroy);
			this.factories.clear();
			if (this.clientResources != null) {
				this.clientResources.shutdown();
			}
			if (this.server != null) {
				this.server.stop();
			}
		}
	}

	/** The prefix of every key of this test class. */
	String keyPrefix() {
		return this.keyPrefix;
	}

	/** A new started connection factory, destroyed after the class. */
	LettuceConnectionFactory connectionFactory() {
		return connectionFactory(LettuceClientConfiguration.builder());
	}

	/**
	 * A new started connection factory that pools connections (those of pipelines), as
	 * recommended for production, destroyed after the class.
	 */
	LettuceConnectionFactory pooledConnectionFactory() {
		return connectionFactory(
				LettucePoolingClientConfiguration.builder().poolConfig(new GenericObjectPoolConfig<>()));
	}

	private LettuceConnectionFactory connectionFactory(LettuceClientConfigurationBuilder builder) {
		LettuceClientConfiguration client = builder.commandTimeout(Duration.ofSeconds(1))
			.clientResources(this.clientResources)
			.clientOptions(ClientOptions.builder()
				.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
				.socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(1)).build())
				.build())
			.build();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(this.configuration, client);
		factory.afterPropertiesSet();
		factory.start();
		this.factories.add(factory);
		return factory;
	}

	/** Stops the embedded server; its data survives in an append-only file. */
	void stopServer() throws IOException {
		requireEmbedded();
		this.server.stop();
	}

	/** Starts the embedded server again on the same port, with the data it had. */
	void startServer() throws IOException {
		requireEmbedded();
		this.server = RedisServer.newRedisServer()
			.port(this.port)
			.bind("127.0.0.1")
			.setting("dir " + this.dataDirectory)
			.setting("appendonly yes")
			.setting("appendfsync always")
			.setting("save \"\"")
			.build();
		this.server.start();
	}

	/** Host, port, database ({@code /0}) and credentials ({@code user:password@}) of a URL. */
	private static RedisStandaloneConfiguration standaloneConfiguration(URI url) {
		RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration(url.getHost(),
				(url.getPort() != -1) ? url.getPort() : 6379);
		String path = (url.getPath() != null) ? url.getPath().replace("/", "") : "";
		if (!path.isEmpty()) {
			configuration.setDatabase(Integer.parseInt(path));
		}
		String userInfo = url.getUserInfo();
		if (userInfo != null) {
			int colon = userInfo.indexOf(':');
			if (colon >= 0) {
				if (colon > 0) {
					configuration.setUsername(userInfo.substring(0, colon));
				}
				configuration.setPassword(userInfo.substring(colon + 1));
			}
			else {
				configuration.setPassword(userInfo);
			}
		}
		return configuration;
	}

	private boolean isRunning() {
		return !this.embedded || (this.server != null && this.server.isActive());
	}

	private void requireEmbedded() {
		if (!this.embedded) {
			throw new IllegalStateException("Only the embedded Redis can be stopped and started");
		}
	}

	private void deleteKeys() {
		LettuceConnectionFactory factory = connectionFactory();
		if (this.cluster) {
			// SCAN does not span the nodes of a cluster; KEYS asks each of them.
			try (RedisConnection connection = factory.getConnection()) {
				java.util.Set<byte[]> keys = connection.keyCommands().keys((this.keyPrefix + "*").getBytes());
				if (keys != null) {
					keys.forEach((key) -> connection.keyCommands().del(key));
				}
			}
			return;
		}
		try (RedisConnection connection = factory.getConnection();
				Cursor<byte[]> keys = connection.keyCommands()
					.scan(ScanOptions.scanOptions().match(this.keyPrefix + "*").count(1000).build())) {
			while (keys.hasNext()) {
				connection.keyCommands().del(keys.next());
			}
		}
	}

}
