package dev.gamesessions.benchmarks.reliability;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The clicker sample run as an operator runs it: a {@code redis-server} of its own on a
 * port of its own ({@code appendfsync always}), and game nodes started as a user starts the
 * game ({@code java -jar sample-clicker-game-*.jar}), each with its node id and HTTP port,
 * all on loopback. Faults are real signals: SIGTERM, SIGKILL, SIGSTOP and SIGCONT.
 */
final class ClickerNodes implements AutoCloseable {

	private final Path directory;

	private final int redisPort;

	private final String jar;

	private Process redis;

	private final List<Process> nodes = new ArrayList<>();

	private final List<Integer> ports = new ArrayList<>();

	ClickerNodes(String jar, int redisPort) throws IOException {
		this.jar = jar;
		this.redisPort = redisPort;
		this.directory = Files.createTempDirectory("clicker-nodes");
	}

	void startRedis() throws IOException, InterruptedException {
		this.redis = new ProcessBuilder("redis-server", "--port", Integer.toString(this.redisPort), "--bind",
				"127.0.0.1", "--dir", this.directory.toString(), "--appendonly", "yes", "--appendfsync", "always",
				"--save", "")
			.redirectOutput(this.directory.resolve("redis.log").toFile())
			.redirectErrorStream(true)
			.start();
		awaitPort(this.redisPort, 10);
	}

	private @org.jspecify.annotations.Nullable Path postgres;

	/** Starts a PostgreSQL of its own (initdb as user postgres) on {@code port}. */
	void startPostgres(int port) throws IOException, InterruptedException {
		if (this.postgres == null) {
			this.postgres = Files.createTempDirectory("clicker-pg");
			run("chown", "postgres", this.postgres.toString());
			su(pgBin("initdb") + " -D " + this.postgres.resolve("data") + " -A trust -U postgres");
		}
		su(pgBin("pg_ctl") + " -D " + this.postgres.resolve("data") + " -o '-p " + port + " -k " + this.postgres
				+ " -c listen_addresses=127.0.0.1' -l " + this.postgres.resolve("log") + " -w start");
	}

	/** Stops it as a crash would ({@code pg_ctl stop -m immediate}). */
	void crashPostgres() throws IOException, InterruptedException {
		su(pgBin("pg_ctl") + " -D " + this.postgres.resolve("data") + " -m immediate stop");
	}

	private static String pgBin(String tool) throws IOException {
		try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
			Path version = versions.sorted().reduce((first, second) -> second).orElseThrow();
			return version.resolve("bin").resolve(tool).toString();
		}
	}

	private static void su(String command) throws IOException, InterruptedException {
		run("su", "postgres", "-s", "/bin/sh", "-c", command + " > /dev/null");
	}

	private static void run(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		process.getInputStream().readAllBytes();
		if (process.waitFor() != 0) {
			throw new IOException("Failed: " + String.join(" ", command));
		}
	}

	/** Sends a signal (STOP, CONT, KILL) to the redis-server. */
	void signalRedis(String signal) throws IOException, InterruptedException {
		new ProcessBuilder("kill", "-" + signal, Long.toString(this.redis.pid())).start().waitFor();
		if (signal.equals("KILL")) {
			this.redis.waitFor(30, TimeUnit.SECONDS);
		}
	}

	/** Starts node {@code index} (0, 1, …) on HTTP port {@code port} and waits until it listens. */
	void startNode(int index, int port, String... extraArguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("java", "-Xmx512m", "-jar", this.jar, "--server.port=" + port,
				"--game.sessions.redis.embedded.enabled=false", "--spring.data.redis.host=127.0.0.1",
				"--spring.data.redis.port=" + this.redisPort, "--game.sessions.redis.directory.node-id=node-" + index,
				"--logging.level.root=WARN"));
		command.addAll(List.of(extraArguments));
		Process node = new ProcessBuilder(command)
			.redirectOutput(this.directory.resolve("node-" + index + ".log").toFile())
			.redirectErrorStream(true)
			.start();
		while (this.nodes.size() <= index) {
			this.nodes.add(null);
			this.ports.add(0);
		}
		this.nodes.set(index, node);
		this.ports.set(index, port);
		awaitPort(port, 60);
	}

	URI health(int index) {
		return URI.create("http://127.0.0.1:" + this.ports.get(index) + "/actuator/health");
	}

	URI uri(int index) {
		return URI.create("ws://127.0.0.1:" + this.ports.get(index) + "/play");
	}

	Path log(int index) {
		return this.directory.resolve("node-" + index + ".log");
	}

	void signal(int index, String signal) throws IOException, InterruptedException {
		new ProcessBuilder("kill", "-" + signal, Long.toString(this.nodes.get(index).pid())).start().waitFor();
	}

	/** SIGTERM, then waits for the exit; returns the seconds it took, or -1 after 120 s. */
	double terminate(int index) throws IOException, InterruptedException {
		long start = System.nanoTime();
		signal(index, "TERM");
		boolean exited = this.nodes.get(index).waitFor(120, TimeUnit.SECONDS);
		return exited ? (System.nanoTime() - start) / 1e9 : -1;
	}

	void kill(int index) throws IOException, InterruptedException {
		signal(index, "KILL");
		this.nodes.get(index).waitFor(30, TimeUnit.SECONDS);
	}

	int redisPort() {
		return this.redisPort;
	}

	@Override
	public void close() {
		for (Process node : this.nodes) {
			if (node != null && node.isAlive()) {
				node.destroyForcibly();
			}
		}
		if (this.redis != null) {
			this.redis.destroyForcibly();
		}
		if (this.postgres != null) {
			try {
				crashPostgres();
			}
			catch (IOException | InterruptedException ex) {
				// Already stopped.
			}
		}
	}

	private static void awaitPort(int port, int seconds) throws InterruptedException, IOException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		while (System.nanoTime() < deadline) {
			try (Socket socket = new Socket("127.0.0.1", port)) {
				return;
			}
			catch (IOException ex) {
				Thread.sleep(100);
			}
		}
		throw new IOException("Nothing listens on port " + port + " after " + seconds + " s");
	}

}
