package dev.gamesessions.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import dev.gamesessions.benchmarks.websocket.WebSocketBenchApp;

/**
 * The app nodes of one run and their load drivers: N {@link WebSocketBenchApp} JVMs, each
 * with its own fixed heap on its own port, and N {@link WebSocketLoadDriver} processes, one
 * per node. A process may hold at most 20,000 open files here (a hard limit), so more
 * connections than that need several processes on each side, as a game scaled out on one
 * machine would run.
 * <p>
 * Every phase runs on all nodes at once: the connections are split evenly over the nodes
 * and opened concurrently, and the echo rate is split evenly over the drivers. The figures
 * are those of the whole: handshakes/s is all connections over the time until the last
 * driver has opened its share, heap per idle connection is the sum of the nodes' heap
 * growth over all connections, and p50/p99 are taken over the echoes of every driver. The
 * CPU time the app nodes used while the connections were opened, and while echoing, is
 * divided by the handshakes and the echo messages: a figure that the load of other
 * processes on the machine disturbs less than the rates and latencies do. The bytes the
 * app nodes' threads allocated in the same phases are divided alike.
 */
final class WebSocketNodes implements AutoCloseable {

	/** The starter with {@code websocket.max-message-size=8KB}, Tomcat's default buffer size. */
	static final String SESSIONS_8KB = "sessions-8kb";

	/** Suffix of the modes that run on WebFlux and Reactor Netty instead of Tomcat. */
	static final String NETTY = "-netty";

	/** The starter on Reactor Netty with {@code websocket.event-loop-handler=true} (the echo never blocks). */
	static final String SESSIONS_EVENT_LOOP_NETTY = "sessions-eventloop" + NETTY;

	/** The starter on Tomcat with {@code websocket.heartbeat=0}: no pings, no idle timeout. */
	static final String SESSIONS_NO_PING = "sessions-noping";

	private static final File LOGS = new File("benchmarks/target");

	private static int nextPort = 18080;

	private final String mode;

	private final List<Node> nodes = new ArrayList<>();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

	/** What one run measured, over all nodes. */
	record Measurement(String mode, int nodes, int connections, int held, int failedHandshakes,
			double handshakesPerSecond, double heapBytesPerConnection, double p50Millis, double p99Millis,
			long echoesSent, int echoesReceived, int heartbeatPingsWhileEchoing, double appCpuMicrosPerHandshake, double appCpuMicrosPerEcho,
			double appAllocBytesPerHandshake, double appAllocBytesPerEcho, List<NodeMeasurement> perNode) {
	}

	/** What one node and its driver measured. */
	record NodeMeasurement(int port, int connected, int failedHandshakes, double handshakeSeconds, long heapGrowthBytes,
			double p99Millis) {
	}

	private WebSocketNodes(String mode) {
		this.mode = mode;
	}

	/**
	 * Starts {@code count} app nodes in {@code mode} ({@code sessions}, {@value #SESSIONS_8KB}
	 * or {@code plain} on Tomcat; {@code sessions-netty}, {@value #SESSIONS_EVENT_LOOP_NETTY} or
	 * {@code plain-netty} on WebFlux and Reactor Netty) and a driver for each, and waits until every app answers.
	 */
	static WebSocketNodes start(String mode, int count, String appHeap, String driverHeap) throws Exception {
		WebSocketNodes started = new WebSocketNodes(mode);
		try {
			for (int i = 0; i < count; i++) {
				int port = freePort();
				started.nodes.add(new Node(port, startApp(mode, port, appHeap)));
			}
			for (Node node : started.nodes) {
				started.awaitReady(node);
				node.startDriver(driverHeap);
			}
			return started;
		}
		catch (Exception ex) {
			started.close();
			throw ex;
		}
	}

	/**
	 * Warms every node up, then opens {@code connections} connections split evenly over the
	 * nodes, measures the heap they hold, echoes {@code rate} messages a second in total for
	 * {@code seconds}, and closes them.
	 */
	Measurement measure(int connections, int rate, int seconds) throws Exception {
		int count = this.nodes.size();
		int shareOfRate = rate / count;
		all((node) -> "warm-up " + Math.min(share(connections, node), 1000) + " " + shareOfRate + " 3", "warmed");
		long[] baseline = new long[count];
		for (int i = 0; i < count; i++) {
			baseline[i] = usedHeapAfterGc(this.nodes.get(i));
		}
		long cpu = cpuNanos();
		long allocated = allocatedBytes();
		long start = System.nanoTime();
		List<String[]> connected = all((node) -> "connect " + share(connections, node), "connected");
		long nanos = System.nanoTime() - start;
		long handshakesCpu = cpuNanos() - cpu;
		long handshakesAlloc = allocatedBytes() - allocated;
		long[] growth = new long[count];
		for (int i = 0; i < count; i++) {
			growth[i] = usedHeapAfterGc(this.nodes.get(i)) - baseline[i];
		}
		cpu = cpuNanos();
		allocated = allocatedBytes();
		List<String[]> echoed = all((node) -> "echo " + shareOfRate + " " + seconds, "echoed");
		long echoCpu = cpuNanos() - cpu;
		long echoAlloc = allocatedBytes() - allocated;
		all((node) -> "close", "closed");

		int succeeded = 0;
		int failed = 0;
		int held = 0;
		int pings = 0;
		long sent = 0;
		List<long[]> samples = new ArrayList<>();
		List<NodeMeasurement> perNode = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			int nodeSucceeded = Integer.parseInt(connected.get(i)[1]);
			int nodeFailed = Integer.parseInt(connected.get(i)[2]);
			long[] nodeSamples = Arrays.stream(echoed.get(i), 4, echoed.get(i).length).mapToLong(Long::parseLong).toArray();
			succeeded += nodeSucceeded;
			failed += nodeFailed;
			sent += Long.parseLong(echoed.get(i)[1]);
			held += Integer.parseInt(echoed.get(i)[2]);
			pings += Integer.parseInt(echoed.get(i)[3]);
			samples.add(nodeSamples);
			perNode.add(new NodeMeasurement(this.nodes.get(i).port, nodeSucceeded, nodeFailed,
					Long.parseLong(connected.get(i)[3]) / 1e9, growth[i], percentile(nodeSamples, 0.99)));
		}
		long[] merged = samples.stream().flatMapToLong(Arrays::stream).toArray();
		return new Measurement(this.mode, count, connections, held, failed, succeeded * 1e9 / nanos,
				Arrays.stream(growth).sum() / (double) succeeded, percentile(merged, 0.50), percentile(merged, 0.99),
				sent, merged.length, pings, handshakesCpu / 1e3 / succeeded, echoCpu / 1e3 / sent,
				handshakesAlloc / (double) succeeded, echoAlloc / (double) sent, perNode);
	}

	/** The connections of one node: an even share, the first nodes taking what does not divide. */
	private int share(int connections, int node) {
		int count = this.nodes.size();
		return connections / count + ((node < connections % count) ? 1 : 0);
	}

	/** Sends each driver its command, then waits for every answer. */
	private List<String[]> all(IntFunction<String> command, String answer) throws IOException {
		for (int i = 0; i < this.nodes.size(); i++) {
			this.nodes.get(i).commands.println(command.apply(i));
		}
		List<String[]> answers = new ArrayList<>();
		for (Node node : this.nodes) {
			answers.add(node.await(answer));
		}
		return answers;
	}

	private static double percentile(long[] nanos, double fraction) {
		if (nanos.length == 0) {
			return Double.NaN;
		}
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		return sorted[(int) Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] / 1e6;
	}

	/** The first port from 18080 on that nothing listens on, so that a run elsewhere is never driven by mistake. */
	private static synchronized int freePort() {
		while (true) {
			int port = nextPort++;
			try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
				return port;
			}
			catch (IOException ex) {
				// Taken; each run takes fresh ports anyway, so that client ports in TIME_WAIT never run short.
			}
		}
	}

	private static Process startApp(String mode, int port, String heap) throws IOException {
		List<String> command = new ArrayList<>(List.of(java(), "-Xmx" + heap, "-Xms" + heap, "-XX:+UseG1GC"));
		// For profiling, e.g. BENCH_APP_JAVA_OPTS=-XX:StartFlightRecording=filename=app.jfr
		String extra = System.getenv("BENCH_APP_JAVA_OPTS");
		if (extra != null && !extra.isBlank()) {
			command.addAll(List.of(extra.trim().replace("{port}", String.valueOf(port)).split("\\s+")));
		}
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), WebSocketBenchApp.class.getName(),
				"--server.address=127.0.0.1", "--server.port=" + port));
		if (mode.startsWith("sessions")) {
			command.add("--bench.mode=sessions");
			command.add("--game.sessions.websocket.path=/play");
			// Disconnected sessions are dropped at once, so one run leaves none behind in the heap.
			command.add("--game.sessions.reconnect.grace=0s");
		}
		else {
			command.add("--bench.mode=" + mode.replace(NETTY, ""));
		}
		if (mode.equals(SESSIONS_NO_PING)) {
			command.add("--game.sessions.websocket.heartbeat=0s");
		}
		if (mode.equals(SESSIONS_EVENT_LOOP_NETTY)) {
			command.add("--game.sessions.websocket.event-loop-handler=true");
		}
		if (mode.endsWith(NETTY)) {
			// The same app and starter, on the reactive stack.
			command.add("--spring.main.web-application-type=reactive");
		}
		if (mode.equals(SESSIONS_8KB)) {
			// Tomcat allocates both message buffers at this size for every connection.
			command.add("--game.sessions.websocket.max-message-size=8KB");
		}
		return new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(new File(LOGS, "websocket-app-" + mode + "-" + port + ".log"))
			.start();
	}

	private static String java() {
		return new File(System.getProperty("java.home"), "bin/java").getPath();
	}

	private void awaitReady(Node node) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
		while (System.nanoTime() < deadline && node.app.isAlive()) {
			try {
				get(node.port, "/bench/ready");
				return;
			}
			catch (IOException ex) {
				Thread.sleep(200);
			}
		}
		throw new IllegalStateException("The app on port " + node.port + " did not start; see " + LOGS);
	}

	/** The CPU time all app nodes have used so far. */
	private long cpuNanos() throws IOException, InterruptedException {
		long sum = 0;
		for (Node node : this.nodes) {
			sum += Long.parseLong(get(node.port, "/bench/cpu").trim());
		}
		return sum;
	}

	/** The bytes the threads of all app nodes have allocated so far. */
	private long allocatedBytes() throws IOException, InterruptedException {
		long sum = 0;
		for (Node node : this.nodes) {
			sum += Long.parseLong(get(node.port, "/bench/alloc").trim());
		}
		return sum;
	}

	private long usedHeapAfterGc(Node node) throws IOException, InterruptedException {
		return Long.parseLong(get(node.port, "/bench/heap").trim());
	}

	private String get(int port, String path) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new ConnectException(path + " answered " + response.statusCode());
		}
		return response.body();
	}

	/** Stops every driver and app of this run. */
	@Override
	public void close() throws InterruptedException {
		for (Node node : this.nodes) {
			node.stop();
		}
	}

	/** One app JVM and the driver process that holds its connections. */
	private static final class Node {

		final int port;

		final Process app;

		Process driver;

		PrintWriter commands;

		BufferedReader answers;

		Node(int port, Process app) {
			this.port = port;
			this.app = app;
		}

		void startDriver(String heap) throws IOException {
			List<String> command = new ArrayList<>(List.of(java(), "-Xmx" + heap, "-Xms" + heap, "-XX:+UseG1GC"));
			String extra = System.getenv("BENCH_DRIVER_JAVA_OPTS");
			if (extra != null && !extra.isBlank()) {
				command.addAll(List.of(extra.trim().replace("{port}", String.valueOf(this.port)).split("\\s+")));
			}
			command.addAll(List.of("-cp", System.getProperty("java.class.path"), WebSocketLoadDriver.class.getName(),
					"--port=" + this.port));
			this.driver = new ProcessBuilder(command)
				.redirectError(new File(LOGS, "websocket-driver-" + this.port + ".log"))
				.start();
			this.commands = new PrintWriter(this.driver.getOutputStream(), true, StandardCharsets.UTF_8);
			this.answers = new BufferedReader(new InputStreamReader(this.driver.getInputStream(), StandardCharsets.UTF_8));
		}

		String[] await(String expected) throws IOException {
			String line = this.answers.readLine();
			if (line == null || !line.startsWith(expected)) {
				throw new IllegalStateException("The driver of port " + this.port + " answered '" + line
						+ "' instead of '" + expected + "'; see " + LOGS);
			}
			return line.split(" ");
		}

		void stop() throws InterruptedException {
			if (this.driver != null) {
				// The driver aborts its connections and ends when its input does.
				this.commands.close();
				this.driver.waitFor(10, TimeUnit.SECONDS);
				stop(this.driver);
			}
			stop(this.app);
		}

		private static void stop(Process process) throws InterruptedException {
			process.destroy();
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}

	}

}
