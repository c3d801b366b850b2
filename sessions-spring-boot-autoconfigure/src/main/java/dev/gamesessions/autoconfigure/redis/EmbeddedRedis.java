package dev.gamesessions.autoconfigure.redis;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.core.ExecutableProvider;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

/**
 * An embedded Redis server on 127.0.0.1, started when the bean is created (before any
 * connection to it) and stopped when the bean is destroyed, which is after every
 * lifecycle bean, including the session manager and its shutdown flush, has stopped.
 * <p>
 * With a data directory, one server at a time uses it: the application holds a file lock
 * on {@value #LOCK_FILE} there while its server runs (the operating system releases it
 * when the process dies, even by {@code kill -9}), and the server writes its process id
 * to {@value #PID_FILE}. A second application on the same directory is refused. A server
 * left running by an application that died is found by its pid file and stopped (Redis
 * writes its append-only file as it stops) before the new one starts on the same data.
 * <p>
 * The {@code redis-server} binary comes from the embedded-redis library, but its process
 * is run here rather than by the library's {@code RedisServer}, which registers a JVM
 * shutdown hook of its own that stops the server at SIGTERM in parallel with the
 * application's shutdown: the session manager's last writes then found it gone. Here it
 * stops only when this bean is destroyed, after the final flush.
 */
final class EmbeddedRedis implements DisposableBean {

	static final String HOST = "127.0.0.1";

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedRedis.class);

	private final int port;

	private final @Nullable Path dataDirectory;

	private final @Nullable DataSize maxMemory;

	static final String LOCK_FILE = "embedded-redis.lock";

	static final String PID_FILE = "redis.pid";

	private static final Duration STALE_SERVER_STOP_TIMEOUT = Duration.ofSeconds(10);

	private @Nullable Process server;

	private @Nullable FileChannel lockChannel;

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
	 * @throws EmbeddedRedisException if another application's server uses the data
	 * directory, or a stale server on it does not stop
	 */
	synchronized void start() {
		if (this.dataDirectory != null) {
			lockDataDirectory(this.dataDirectory);
		}
		try {
			if (this.dataDirectory != null) {
				stopStaleServer(this.dataDirectory);
			}
			this.server = startServer();
		}
		catch (RuntimeException ex) {
			releaseDataDirectory();
			throw ex;
		}
		catch (IOException ex) {
			releaseDataDirectory();
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
		Process process = this.server;
		if (process != null) {
			// SIGTERM: Redis writes its append-only file and exits.
			process.destroy();
			try {
				if (!process.waitFor(STALE_SERVER_STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
					process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				process.destroyForcibly();
			}
			this.server = null;
			logger.info("Embedded Redis for game sessions on port {} stopped", this.port);
		}
		releaseDataDirectory();
	}

	private void lockDataDirectory(Path directory) {
		Path lockFile = directory.resolve(LOCK_FILE);
		FileChannel channel = null;
		try {
			Files.createDirectories(directory);
			channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
			FileLock lock = channel.tryLock();
			if (lock != null) {
				this.lockChannel = channel;
				return;
			}
		}
		catch (OverlappingFileLockException ex) {
			// Held by this very process: another context of the same JVM.
		}
		catch (IOException ex) {
			closeQuietly(channel);
			throw new EmbeddedRedisException("The embedded Redis server cannot lock its data directory "
					+ directory.toAbsolutePath() + ": " + ex.getMessage() + ".",
					"Make game.sessions.redis.embedded.data-directory a writable directory.");
		}
		closeQuietly(channel);
		throw new EmbeddedRedisException("The embedded Redis data directory " + directory.toAbsolutePath()
				+ " is in use by the embedded Redis server of another running application (it holds "
				+ lockFile.getFileName() + "); two servers on one append-only file would corrupt it.",
				"Stop the other application, or give this one its own "
						+ "game.sessions.redis.embedded.data-directory.");
	}

	private void stopStaleServer(Path directory) {
		Path pidFile = directory.resolve(PID_FILE);
		Optional<ProcessHandle> stale = readPid(pidFile).flatMap(ProcessHandle::of)
			.filter(ProcessHandle::isAlive)
			.filter((process) -> process.info().command().map((command) -> command.contains("redis")).orElse(false));
		if (stale.isEmpty()) {
			deleteQuietly(pidFile);
			return;
		}
		ProcessHandle process = stale.get();
		logger.warn("Stopping the embedded Redis server (pid {}) that an application which ended without stopping "
				+ "it left running on the data directory {}", process.pid(), directory.toAbsolutePath());
		process.destroy();
		try {
			process.onExit().get(STALE_SERVER_STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			throw staleServerStillRunning(directory, process);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw staleServerStillRunning(directory, process);
		}
		deleteQuietly(pidFile);
	}

	private static EmbeddedRedisException staleServerStillRunning(Path directory, ProcessHandle process) {
		return new EmbeddedRedisException("A Redis server (pid " + process.pid() + ") left running on the embedded "
				+ "Redis data directory " + directory.toAbsolutePath() + " did not stop within "
				+ STALE_SERVER_STOP_TIMEOUT.toSeconds() + "s.", "Stop process " + process.pid() + " and start again.");
	}

	private static Optional<Long> readPid(Path pidFile) {
		try {
			return Optional.of(Long.parseLong(Files.readString(pidFile).strip()));
		}
		catch (IOException | NumberFormatException ex) {
			return Optional.empty();
		}
	}

	private void releaseDataDirectory() {
		closeQuietly(this.lockChannel);
		this.lockChannel = null;
	}

	private static void closeQuietly(@Nullable FileChannel channel) {
		if (channel != null) {
			try {
				channel.close();
			}
			catch (IOException ex) {
				logger.debug("Could not close the embedded Redis lock file", ex);
			}
		}
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			logger.debug("Could not delete {}", file, ex);
		}
	}

	@Override
	public void destroy() {
		stop();
	}

	/**
	 * Runs {@code redis-server} with this server's settings and waits until it accepts
	 * connections.
	 * @throws IOException when it cannot start (the port is taken, say), with its output
	 */
	private Process startServer() throws IOException {
		File executable = ExecutableProvider.newJarResourceProvider().get();
		Path config = Files.createTempFile("gamesessions-redis", ".conf");
		config.toFile().deleteOnExit();
		Files.write(config, settings());
		Process process = new ProcessBuilder(executable.getAbsolutePath(), config.toString()).redirectErrorStream(true)
			.start();
		BufferedReader output = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		StringBuilder said = new StringBuilder();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		String line;
		while ((line = output.readLine()) != null) {
			said.append(line).append('\n');
			if (line.contains("Ready to accept connections")) {
				drain(output);
				return process;
			}
			if (System.nanoTime() > deadline) {
				break;
			}
		}
		process.destroyForcibly();
		throw new IOException("redis-server did not start: " + said.toString().strip());
	}

	/** Keeps reading the server's output, so that it never blocks on a full pipe. */
	private void drain(BufferedReader output) {
		Thread drainer = new Thread(() -> {
			try {
				while (output.readLine() != null) {
					// Discarded: Redis logs to its own log level; nothing here needs it.
				}
			}
			catch (IOException ex) {
				// The server stopped.
			}
		}, "embedded-redis-" + this.port);
		drainer.setDaemon(true);
		drainer.start();
	}

	private List<String> settings() throws IOException {
		List<String> settings = new ArrayList<>(List.of("port " + this.port, "bind " + HOST, "save \"\""));
		if (this.dataDirectory != null) {
			Files.createDirectories(this.dataDirectory);
			settings.add("dir " + this.dataDirectory.toAbsolutePath());
			settings.add("appendonly yes");
			settings.add("pidfile " + this.dataDirectory.resolve(PID_FILE).toAbsolutePath());
		}
		else {
			settings.add("appendonly no");
		}
		if (this.maxMemory != null) {
			settings.add("maxmemory " + this.maxMemory.toBytes());
		}
		return settings;
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
