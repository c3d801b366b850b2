package dev.gamesessions.benchmarks;

import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.gamesessions.benchmarks.websocket.WebSocketBenchApp;

/**
 * Drives {@link WebSocketBenchApp} over loopback with the JDK's non-blocking
 * {@link WebSocket} client, the app running in its own JVM with a fixed heap: for each
 * connection count and each mode, handshakes per second for K connections, the heap each
 * idle connection costs the app, and the echo round trip at a fixed message rate.
 * <p>
 * Used by {@link WebSocketBenchmark}; one app JVM per mode and connection count, each on
 * its own port so that client ports still in TIME_WAIT do not run short.
 */
final class WebSocketLoadDriver {

	/** The starter with {@code websocket.max-message-size=8KB}, Tomcat's default buffer size. */
	static final String SESSIONS_8KB = "sessions-8kb";

	private static final int HANDSHAKES_IN_FLIGHT = 256;

	/** A new client for each run, so that no state of an earlier run's connections carries over. */
	private HttpClient http = newClient();

	/** What one run measured. */
	record Measurement(String mode, int connections, int failedHandshakes, double handshakesPerSecond,
			double heapBytesPerConnection, double p50Millis, double p99Millis, int echoesSent, int echoesReceived) {
	}

	/**
	 * Starts the app in {@code mode} ({@code sessions}, {@value #SESSIONS_8KB} or {@code plain}),
	 * measures, and stops it.
	 */
	Measurement run(String mode, int port, int connections, int rate, int seconds, String appHeap)
			throws Exception {
		this.http = newClient();
		Process app = startApp(mode, port, appHeap);
		try {
			awaitReady(port);
			URI uri = URI.create("ws://127.0.0.1:" + port + "/play");
			warmUp(uri, Math.min(connections, 1000), rate);
			long baseline = usedHeapAfterGc(port);
			Connections open = connect(uri, connections);
			long idle = usedHeapAfterGc(port);
			Latencies latencies = echo(open.sockets, rate, seconds);
			open.abortAll();
			return new Measurement(mode, connections, open.failed.get(),
					open.succeeded() * 1e9 / open.nanos, (idle - baseline) / (double) open.succeeded(),
					latencies.percentile(0.50), latencies.percentile(0.99), (int) latencies.sent.get(),
					latencies.count());
		}
		finally {
			app.destroy();
			if (!app.waitFor(30, TimeUnit.SECONDS)) {
				app.destroyForcibly();
			}
		}
	}

	private static HttpClient newClient() {
		return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
	}

	private Process startApp(String mode, int port, String heap) throws IOException {
		List<String> command = new ArrayList<>(List.of(
				new File(System.getProperty("java.home"), "bin/java").getPath(), "-Xmx" + heap, "-Xms" + heap,
				"-XX:+UseG1GC"));
		// For profiling, e.g. BENCH_APP_JAVA_OPTS=-XX:StartFlightRecording=filename=app.jfr
		String extra = System.getenv("BENCH_APP_JAVA_OPTS");
		if (extra != null && !extra.isBlank()) {
			command.addAll(List.of(extra.trim().split("\\s+")));
		}
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), WebSocketBenchApp.class.getName(),
				"--server.port=" + port));
		if (mode.startsWith("sessions")) {
			command.add("--bench.mode=sessions");
			command.add("--game.sessions.websocket.path=/play");
			// Disconnected sessions are dropped at once, so one run leaves none behind in the heap.
			command.add("--game.sessions.reconnect.grace=0s");
		}
		else {
			command.add("--bench.mode=" + mode);
		}
		if (mode.equals(SESSIONS_8KB)) {
			// Tomcat allocates both message buffers at this size for every connection.
			command.add("--game.sessions.websocket.max-message-size=8KB");
		}
		File log = new File("benchmarks/target/websocket-app-" + mode + "-" + port + ".log");
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
	}

	private void awaitReady(int port) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
		while (System.nanoTime() < deadline) {
			try {
				get(port, "/bench/ready");
				return;
			}
			catch (IOException ex) {
				Thread.sleep(200);
			}
		}
		throw new IllegalStateException("The app on port " + port + " did not start; see benchmarks/target/");
	}

	private long usedHeapAfterGc(int port) throws IOException, InterruptedException {
		return Long.parseLong(get(port, "/bench/heap").trim());
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

	/** Lets both JITs compile the handshake and echo paths before anything is timed. */
	private void warmUp(URI uri, int connections, int rate) throws InterruptedException {
		Connections open = connect(uri, connections);
		echo(open.sockets, rate, 3);
		open.abortAll();
		Thread.sleep(2000);
	}

	private Connections connect(URI uri, int count) throws InterruptedException {
		Connections connections = new Connections();
		Semaphore inFlight = new Semaphore(HANDSHAKES_IN_FLIGHT);
		List<CompletableFuture<WebSocket>> handshakes = new ArrayList<>(count);
		long start = System.nanoTime();
		for (int i = 0; i < count; i++) {
			inFlight.acquire();
			handshakes.add(this.http.newWebSocketBuilder()
				.connectTimeout(Duration.ofSeconds(30))
				.buildAsync(uri, connections.listener)
				.whenComplete((socket, failure) -> {
					inFlight.release();
					if (failure != null) {
						connections.failed.incrementAndGet();
					}
					else {
						connections.sockets.add(socket);
					}
				}));
		}
		CompletableFuture.allOf(handshakes.toArray(CompletableFuture[]::new)).exceptionally((ex) -> null).join();
		connections.nanos = System.nanoTime() - start;
		return connections;
	}

	/**
	 * Sends {@code rate} messages a second, spread over the connections in turn, each
	 * carrying its send time, and records the time until its echo arrives.
	 */
	private Latencies echo(List<WebSocket> sockets, int rate, int seconds) throws InterruptedException {
		Latencies latencies = Latencies.current = new Latencies(rate * seconds);
		if (sockets.isEmpty()) {
			return latencies;
		}
		WebSocket[] targets = sockets.toArray(WebSocket[]::new);
		int perMillisecond = Math.max(1, rate / 1000);
		AtomicInteger next = new AtomicInteger();
		ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
		sender.scheduleAtFixedRate(() -> {
			for (int i = 0; i < perMillisecond && latencies.sent.get() < latencies.capacity(); i++) {
				WebSocket socket = targets[Math.floorMod(next.getAndIncrement(), targets.length)];
				latencies.sent.incrementAndGet();
				socket.sendText("t:" + System.nanoTime(), true);
			}
		}, 0, 1, TimeUnit.MILLISECONDS);
		Thread.sleep(seconds * 1000L);
		sender.shutdownNow();
		sender.awaitTermination(5, TimeUnit.SECONDS);
		Thread.sleep(2000); // the last echoes
		return latencies;
	}

	/** The connections of one run; every one shares one listener. */
	static final class Connections {

		final List<WebSocket> sockets = Collections.synchronizedList(new ArrayList<>());

		final AtomicInteger failed = new AtomicInteger();

		final WebSocket.Listener listener = new EchoListener();

		long nanos;

		int succeeded() {
			return this.sockets.size();
		}

		void abortAll() {
			synchronized (this.sockets) {
				this.sockets.forEach(WebSocket::abort);
			}
		}

	}

	/** Records the round trip of every echo of a {@code t:<nanoTime>} message. */
	static final class EchoListener implements WebSocket.Listener {

		@Override
		public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
			// Echoes are a few bytes: one frame, one part.
			if (data.length() > 2 && data.charAt(0) == 't' && data.charAt(1) == ':') {
				Latencies.current.record(System.nanoTime() - Long.parseLong(data, 2, data.length(), 10));
			}
			socket.request(1);
			return null;
		}

	}

	/** Round trips of one echo phase. */
	static final class Latencies {

		static volatile Latencies current = new Latencies(0);

		final AtomicLong sent = new AtomicLong();

		private final long[] nanos;

		private final AtomicInteger recorded = new AtomicInteger();

		Latencies(int capacity) {
			this.nanos = new long[capacity];
		}

		int capacity() {
			return this.nanos.length;
		}

		void record(long nanos) {
			int index = this.recorded.getAndIncrement();
			if (index < this.nanos.length) {
				this.nanos[index] = nanos;
			}
		}

		int count() {
			return Math.min(this.recorded.get(), this.nanos.length);
		}

		double percentile(double fraction) {
			int count = count();
			if (count == 0) {
				return Double.NaN;
			}
			long[] sorted = Arrays.copyOf(this.nanos, count);
			Arrays.sort(sorted);
			return sorted[(int) Math.min(count - 1, Math.ceil(fraction * count) - 1)] / 1e6;
		}

	}

}
