package dev.gamesessions.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Players of the clicker sample, over real WebSocket connections (the JDK's client), all
 * connecting at once: each logs in as {@code load-<n>}, then, once logged in, clicks at a
 * fixed rate for a while; a click counts as answered when its {@code state} message arrives.
 * <p>
 * {@code java -cp … dev.gamesessions.benchmarks.ClickerLoad ws://127.0.0.1:8080/play
 * <players> <clicks per player> <millis between clicks>}. Prints one summary line:
 * handshakes that failed, players logged in, clicks answered, click round trip p50 and p99,
 * and the close codes seen. Bounded: it gives up two minutes after the last click is due.
 */
public final class ClickerLoad {

	private ClickerLoad() {
	}

	public static void main(String[] args) throws Exception {
		System.out.println(run(URI.create(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]),
				Long.parseLong(args[3])));
		System.exit(0);
	}

	/**
	 * Runs the players against a node.
	 * @return the summary line
	 */
	public static String run(URI uri, int players, int clicks, long intervalMillis) throws Exception {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
		ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
		AtomicInteger failedHandshakes = new AtomicInteger();
		AtomicInteger loggedIn = new AtomicInteger();
		AtomicLong answered = new AtomicLong();
		ConcurrentLinkedQueue<Long> roundTrips = new ConcurrentLinkedQueue<>();
		ConcurrentLinkedQueue<Integer> closeCodes = new ConcurrentLinkedQueue<>();
		CountDownLatch done = new CountDownLatch(players);
		long start = System.nanoTime();
		for (int i = 0; i < players; i++) {
			Player player = new Player("load-" + i, clicks, loggedIn, answered, roundTrips, closeCodes, done);
			http.newWebSocketBuilder().buildAsync(uri, player).whenComplete((socket, failure) -> {
				if (failure != null) {
					failedHandshakes.incrementAndGet();
					done.countDown();
					return;
				}
				// Clicks start once the login is answered, so each one is a logged-in player's.
				player.onLoggedIn(() -> {
					for (int c = 1; c <= clicks; c++) {
						clock.schedule(() -> player.click(socket), c * intervalMillis, TimeUnit.MILLISECONDS);
					}
				});
				socket.sendText("{\"type\":\"login\",\"name\":\"" + player.name + "\"}", true);
			});
		}
		boolean finished = done.await(clicks * intervalMillis + 120_000, TimeUnit.MILLISECONDS);
		long[] sorted = roundTrips.stream().mapToLong(Long::longValue).sorted().toArray();
		clock.shutdownNow();
		return String.format("players=%d handshakesFailed=%d loggedIn=%d clicksAnswered=%d/%d rttP50=%.1fms "
				+ "rttP99=%.1fms closeCodes=%s finished=%s seconds=%.1f", players, failedHandshakes.get(),
				loggedIn.get(), answered.get(), (long) players * clicks, percentile(sorted, 0.50),
				percentile(sorted, 0.99), closeCodes.stream().distinct().sorted().toList(), finished,
				(System.nanoTime() - start) / 1e9);
	}

	private static double percentile(long[] sorted, double p) {
		return (sorted.length == 0) ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, sorted.length * p)] / 1e6;
	}

	private static final class Player implements WebSocket.Listener {

		final String name;

		private final int clicks;

		private final AtomicInteger loggedInCount;

		private final AtomicLong answered;

		private final ConcurrentLinkedQueue<Long> roundTrips;

		private final ConcurrentLinkedQueue<Integer> closeCodes;

		private final CountDownLatch done;

		private final ConcurrentLinkedQueue<Long> sent = new ConcurrentLinkedQueue<>();

		private final StringBuilder text = new StringBuilder();

		private boolean identified;

		private int acked;

		private boolean counted;

		private volatile Runnable loggedIn = () -> {
		};

		void onLoggedIn(Runnable action) {
			this.loggedIn = action;
		}

		Player(String name, int clicks, AtomicInteger loggedIn, AtomicLong answered,
				ConcurrentLinkedQueue<Long> roundTrips, ConcurrentLinkedQueue<Integer> closeCodes, CountDownLatch done) {
			this.name = name;
			this.clicks = clicks;
			this.loggedInCount = loggedIn;
			this.answered = answered;
			this.roundTrips = roundTrips;
			this.closeCodes = closeCodes;
			this.done = done;
		}

		void click(WebSocket socket) {
			this.sent.add(System.nanoTime());
			socket.sendText("{\"type\":\"click\"}", true);
		}

		@Override
		public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
			this.text.append(data);
			if (last) {
				String message = this.text.toString();
				this.text.setLength(0);
				if (message.contains("\"type\":\"state\"") && message.contains("\"name\":\"" + this.name + "\"")) {
					if (!this.identified) {
						this.identified = true;
						this.loggedInCount.incrementAndGet();
						this.loggedIn.run();
					}
					else {
						Long sentAt = this.sent.poll();
						if (sentAt != null) {
							this.roundTrips.add(System.nanoTime() - sentAt);
							this.answered.incrementAndGet();
							if (++this.acked == this.clicks) {
								finish();
							}
						}
					}
				}
			}
			socket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
			this.closeCodes.add(statusCode);
			finish();
			return null;
		}

		@Override
		public void onError(WebSocket socket, Throwable error) {
			this.closeCodes.add(-1);
			finish();
		}

		private synchronized void finish() {
			if (!this.counted) {
				this.counted = true;
				this.done.countDown();
			}
		}

	}

}
