package dev.gamesessions.autoconfigure.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;
import redis.embedded.core.RedisServerBuilder;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

/**
 * An embedded Redis server on 127.0.0.1, started when the bean is created (before any
 * connection to it) and stopped when the bean is destroyed, which is after every
 * lifecycle bean, including the session manager and its shutdown flush, has stopped.
 */
final class EmbeddedRedis implements DisposableBean {

	static final String HOST = "127.0.0.1";

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedRedis.class);

	private final int port;

	private final @Nullable Path dataDirectory;

	private final @Nullable DataSize maxMemory;

	private @Nullable RedisServer server;

	EmbeddedRedis(GameSessionsRedisProperties.Embedded properties) {
		this.port = (properties.getPort() != 0) ? properties.getPort() : freePort();
		this.dataDirectory = properties.getDataDirectory();
		this.maxMemory = properties.getMaxMemory();
	}

	int port() {
		return this.port;
	}

	/**
	 * Starts the server, with the data it has in its data directory.
	 * @throws InvalidConfigurationPropertyValueException if it cannot start on its port
	 */
	synchronized void start() {
		try {
			RedisServer server = builder().build();
			server.start();
			this.server = server;
		}
		catch (IOException ex) {
			throw new InvalidConfigurationPropertyValueException("game.sessions.redis.embedded.port", this.port,
					"The embedded Redis server (game.sessions.redis.embedded.enabled=true) could not start on "
							+ HOST + ":" + this.port + "; is the port taken? " + ex.getMessage());
		}
		logger.info("Embedded Redis for game sessions started on {}:{}, data directory {}", HOST, this.port,
				(this.dataDirectory != null) ? this.dataDirectory.toAbsolutePath()
						: "none (data is lost when it stops)");
	}

	/**
	 * Stops the server; data in its data directory survives.
	 */
	synchronized void stop() {
		if (this.server != null) {
			try {
				this.server.stop();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not stop the embedded Redis server on port " + this.port, ex);
			}
			this.server = null;
			logger.info("Embedded Redis for game sessions on port {} stopped", this.port);
		}
	}

	@Override
	public void destroy() {
		stop();
	}

	private RedisServerBuilder builder() throws IOException {
		RedisServerBuilder builder = RedisServer.newRedisServer().port(this.port).bind(HOST).setting("save \"\"");
		if (this.dataDirectory != null) {
			Files.createDirectories(this.dataDirectory);
			builder.setting("dir " + this.dataDirectory.toAbsolutePath()).setting("appendonly yes");
		}
		else {
			builder.setting("appendonly no");
		}
		if (this.maxMemory != null) {
			builder.setting("maxmemory " + this.maxMemory.toBytes());
		}
		return builder;
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not find a free port for the embedded Redis server", ex);
		}
	}

}
