package dev.gamesessions.benchmarks;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
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
 * One load driver process: the client ends of the connections to one
 * {@link WebSocketBenchApp} node, over loopback with the JDK's non-blocking
 * {@link WebSocket} client. It runs in a JVM of its own because every socket counts
 * against the open-files limit of its process, on the client side as on the server side.
 * <p>
 * {@link WebSocketNodes} starts one driver per app node and steers them all at once, one
 * command a line on standard input, one answer a line on standard output:
 * <ul>
 * <li>{@code warm-up <connections> <rate> <seconds>}: opens the connections, echoes, closes
 * them; answers {@code warmed};</li>
 * <li>{@code connect <count>}: opens {@code count} connections, {@value #HANDSHAKES_IN_FLIGHT}
 * handshakes in flight; answers {@code connected <succeeded> <failed> <nanos>};</li>
 * <li>{@code echo <rate> <seconds>}: sends {@code rate} messages a second over the open
 * connections in turn, each carrying its send time; answers
 * {@code echoed <sent> <open> <pings> <round trip nanos>...} where {@code open} counts the
 * connections still open at the end and {@code pings} the app's heartbeat pings that
 * arrived meanwhile;</li>
 * <li>{@code close}: aborts the connections; answers {@code closed}.</li>
 * </ul>
 * The process ends when its standard input does.
 */
final class WebSocketLoadDriver {

	static final int HANDSHAKES_IN_FLIGHT = 256;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

	private final URI uri;

	private Connections open = new Connections();

	private WebSocketLoadDriver(URI uri) {
		this.uri = uri;
	}

	/**
	 * Drives the app at {@code ws://127.0.0.1:<port>/play}.
	 * @param arguments {@code --port=<port>}
	 */
	public static void main(String[] arguments) throws Exception {
		int port = new Args(arguments).getInt("port", 0);
		WebSocketLoadDriver driver = new WebSocketLoadDriver(URI.create("ws://127.0.0.1:" + port + "/play"));
		// Only answers go to standard output.
		PrintStream answers = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
		System.setOut(System.err);
		BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		String line;
		while ((line = commands.readLine()) != null) {
			answers.println(driver.execute(line.trim().split(" ")));
		}
		driver.open.abortAll();
	}

	private String execute(String[] command) throws InterruptedException {
		switch (command[0]) {
			case "warm-up" -> {
				warmUp(Integer.parseInt(command[1]), Integer.parseInt(command[2]), Integer.parseInt(command[3]));
				return "warmed";
			}
			case "connect" -> {
				this.open = connect(Integer.parseInt(command[1]));
				return "connected " + this.open.succeeded() + " " + this.open.failed.get() + " " + this.open.nanos;
			}
			case "echo" -> {
				Latencies latencies = echo(this.open.sockets, Integer.parseInt(command[1]),
						Integer.parseInt(command[2]));
				StringBuilder answer = new StringBuilder("echoed ").append(latencies.sent.get())
					.append(' ')
					.append(this.open.stillOpen())
					.append(' ')
					.append(latencies.pings.get());
				for (int i = 0; i < latencies.count(); i++) {
					answer.append(' ').append(latencies.nanos[i]);
				}
				return answer.toString();
			}
			case "close" -> {
				this.open.abortAll();
				return "closed";
			}
			default -> throw new IllegalArgumentException("Unknown command " + String.join(" ", command));
		}
	}

	/** Lets the app's JIT compile the handshake and echo paths before anything is timed. */
	private void warmUp(int connections, int rate, int seconds) throws InterruptedException {
		Connections warming = connect(connections);
		echo(warming.sockets, rate, seconds);
		warming.abortAll();
		Thread.sleep(2000);
	}

	private Connections connect(int count) throws InterruptedException {
		Connections connections = new Connections();
		Semaphore inFlight = new Semaphore(HANDSHAKES_IN_FLIGHT);
		List<CompletableFuture<WebSocket>> handshakes = new ArrayList<>(count);
		long start = System.nanoTime();
		for (int i = 0; i < count; i++) {
			inFlight.acquire();
			handshakes.add(this.http.newWebSocketBuilder()
				.connectTimeout(Duration.ofSeconds(30))
				.buildAsync(this.uri, connections.listener)
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
	private static Latencies echo(List<WebSocket> sockets, int rate, int seconds) throws InterruptedException {
		Latencies latencies = Latencies.current = new Latencies(rate * seconds);
		if (sockets.isEmpty() || rate == 0) {
			return latencies;
		}
		WebSocket[] targets = sockets.toArray(WebSocket[]::new);
		AtomicInteger next = new AtomicInteger();
		long start = System.nanoTime();
		ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
		sender.scheduleAtFixedRate(() -> {
			// As many as are due by now, so that the rate holds for any value.
			long due = Math.min(latencies.capacity(), (System.nanoTime() - start) * rate / 1_000_000_000L);
			while (latencies.sent.get() < due) {
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

		int stillOpen() {
			synchronized (this.sockets) {
				return (int) this.sockets.stream().filter((socket) -> !socket.isInputClosed()).count();
			}
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

		@Override
		public CompletionStage<?> onPing(WebSocket socket, ByteBuffer message) {
			// The client answers with a pong by itself.
			Latencies.current.pings.incrementAndGet();
			socket.request(1);
			return null;
		}

	}

	/** Round trips of one echo phase. */
	static final class Latencies {

		static volatile Latencies current = new Latencies(0);

		final AtomicLong sent = new AtomicLong();

		/** Heartbeat pings from the app while echoing. */
		final AtomicInteger pings = new AtomicInteger();

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

	}

}
