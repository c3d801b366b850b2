package dev.gamesessions.benchmarks.reliability;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * Hand-over between two clicker nodes on one Redis, driven from outside with real
 * WebSocket players and real signals; prints one line of figures per scenario.
 * <pre>
 * benchmarks/reliability.sh steady [players] [seconds]    players connect at once, then click 5 times a second
 * benchmarks/reliability.sh double-login [users] [wave]   both nodes at once, per user
 * benchmarks/reliability.sh stalled-owner [users] [seconds] SIGSTOP the old owner meanwhile
 * benchmarks/reliability.sh crash [users]                 kill -9 the old owner an interval after the
 *                                                          clicks, log in on the other
 * benchmarks/reliability.sh cycle [users]                 A → B → A, no fault
 * benchmarks/reliability.sh sigterm [users]               SIGTERM a node while its players click
 * benchmarks/reliability.sh redis-outage [users] [seconds] SIGSTOP Redis, then kill -9 and restart it
 * benchmarks/reliability.sh kill-restart [users]          kill -9 a node while its players click, restart it
 * benchmarks/reliability.sh bad-input [players]           a storm of bad input while players play
 * benchmarks/reliability.sh postgres-outage [users] [seconds] PostgreSQL crashes, restarts later
 * </pre>
 * Every count is bounded in time; nothing but loopback is contacted.
 */
public final class ReliabilityScenarios {

	private final HttpClient http = HttpClient.newHttpClient();

	private final ClickerNodes nodes;

	private ReliabilityScenarios(ClickerNodes nodes) {
		this.nodes = nodes;
	}

	public static void main(String[] args) throws Exception {
		String scenario = args[0];
		String jar = System.getProperty("clicker.jar");
		int users = (args.length > 1) ? Integer.parseInt(args[1]) : 0;
		try (ClickerNodes nodes = new ClickerNodes(jar, 6391)) {
			nodes.startRedis();
			if (scenario.equals("steady")) {
				nodes.startNode(0, 18081);
			}
			else if (scenario.equals("postgres-outage")) {
				// Players kept in a PostgreSQL of the harness's own, with a 2 s connection timeout.
				nodes.startPostgres(5441);
				nodes.startNode(0, 18081, "--spring.profiles.active=postgres",
						"--spring.datasource.url=jdbc:postgresql://127.0.0.1:5441/postgres",
						"--spring.datasource.hikari.connection-timeout=2000");
			}
			else if (scenario.equals("bad-input")) {
				// Short idle timeout, so that half-open sockets are seen closed within the run.
				nodes.startNode(0, 18081, "--game.sessions.websocket.heartbeat=5s",
						"--game.sessions.websocket.idle-timeout=10s");
			}
			else {
				nodes.startNode(0, 18081);
				nodes.startNode(1, 18082);
			}
			ReliabilityScenarios run = new ReliabilityScenarios(nodes);
			switch (scenario) {
				case "double-login" -> run.doubleLogin((users > 0) ? users : 500,
						(args.length > 2) ? Integer.parseInt(args[2]) : 250);
				case "stalled-owner" -> run.stalledOwner((users > 0) ? users : 20,
						(args.length > 2) ? Integer.parseInt(args[2]) : 8);
				case "crash" -> run.crash((users > 0) ? users : 200);
				case "cycle" -> run.cycle((users > 0) ? users : 200);
				case "sigterm" -> run.sigterm((users > 0) ? users : 1000);
				case "kill-restart" -> run.killAndRestart((users > 0) ? users : 150);
				case "bad-input" -> run.badInput((users > 0) ? users : 50);
				case "steady" -> System.out.println("steady " + dev.gamesessions.benchmarks.ClickerLoad.run(nodes.uri(0),
						(users > 0) ? users : 1000, 5 * ((args.length > 2) ? Integer.parseInt(args[2]) : 20), 200));
				case "postgres-outage" -> run.postgresOutage((users > 0) ? users : 100,
						(args.length > 2) ? Integer.parseInt(args[2]) : 20);
				case "redis-outage" -> run.redisOutage((users > 0) ? users : 100,
						(args.length > 2) ? Integer.parseInt(args[2]) : 30);
				default -> throw new IllegalArgumentException("Unknown scenario " + scenario);
			}
		}
		System.exit(0);
	}

	/** Each user logs in on both nodes at the same moment: exactly one login must stay live. */
	private void doubleLogin(int users, int wave) throws Exception {
		int exactlyOne = 0;
		int both = 0;
		int none = 0;
		Map<Integer, Integer> loserCodes = new TreeMap<>();
		for (int first = 0; first < users; first += wave) {
			List<ClickerClient[]> pairs = new ArrayList<>();
			for (int i = first; i < Math.min(users, first + wave); i++) {
				pairs.add(new ClickerClient[] { connect(0), connect(1) });
			}
			for (int i = 0; i < pairs.size(); i++) {
				String name = "double-" + (first + i);
				ClickerClient[] pair = pairs.get(i);
				CompletableFuture.allOf(CompletableFuture.runAsync(() -> pair[0].login(name)),
						CompletableFuture.runAsync(() -> pair[1].login(name)));
			}
			int offset = first;
			await(Duration.ofSeconds(30), () -> {
				for (int i = 0; i < pairs.size(); i++) {
					String name = "double-" + (offset + i);
					ClickerClient[] pair = pairs.get(i);
					if (pair[0].isLoggedInAs(name) && pair[1].isLoggedInAs(name)) {
						return false;
					}
					for (ClickerClient client : pair) {
						if (!client.isLoggedInAs(name) && client.isOpen() && client.errors.isEmpty()) {
							return false;
						}
					}
				}
				return true;
			});
			// Live means it answers a click as that player.
			for (ClickerClient[] pair : pairs) {
				for (ClickerClient client : pair) {
					client.click();
				}
			}
			Thread.sleep(2000);
			for (int i = 0; i < pairs.size(); i++) {
				String name = "double-" + (first + i);
				int live = 0;
				for (ClickerClient client : pairs.get(i)) {
					if (client.isLoggedInAs(name) && client.coins >= 1) {
						live++;
					}
					else if (!client.isOpen()) {
						loserCodes.merge(client.closeCode, 1, Integer::sum);
					}
					else {
						loserCodes.merge(0, 1, Integer::sum);
					}
				}
				if (live == 1) {
					exactlyOne++;
				}
				else if (live == 2) {
					both++;
				}
				else {
					none++;
				}
			}
			pairs.forEach((pair) -> closeAll(List.of(pair)));
		}
		System.out.printf("double-login users=%d wave=%d exactlyOneLive=%d liveOnBoth=%d noneLive=%d "
				+ "loserCloseCodes=%s (0 = still open, refused)%n", users, wave, exactlyOne, both, none, loserCodes);
	}

	/** The old owner freezes while its players log in on the other node. */
	private void stalledOwner(int users, int seconds) throws Exception {
		Map<String, Integer> acknowledged = playOn(0, "stalled-", users);
		this.nodes.signal(0, "STOP");
		long stoppedAt = System.nanoTime();
		List<ClickerClient> onB = new ArrayList<>();
		for (String name : acknowledged.keySet()) {
			ClickerClient client = connect(1);
			client.login(name);
			onB.add(client);
		}
		long elapsed = (System.nanoTime() - stoppedAt) / 1_000_000;
		Thread.sleep(Math.max(0, seconds * 1000L - elapsed));
		this.nodes.signal(0, "CONT");
		int refused = 0;
		for (ClickerClient client : onB) {
			if (!client.errors.isEmpty()) {
				refused++;
			}
		}
		Map<String, Integer> loaded = loginUntilAccepted(onB, new ArrayList<>(acknowledged.keySet()), 1);
		report("stalled-owner stallSeconds=" + seconds, acknowledged, loaded, "refusedWhileStalled=" + refused);
		closeAll(onB);
	}

	/** The old owner is killed; its players log in on the other node until they get in. */
	private void crash(int users) throws Exception {
		Map<String, Integer> acknowledged = playOn(0, "crash-", users);
		// Clicks older than one persistence interval (the sample's is 10 s) must survive a
		// crash; newer ones may die with the node.
		Thread.sleep(11_000);
		List<ClickerClient> bystanders = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			ClickerClient client = connect(1);
			client.login("bystander-" + i);
			bystanders.add(client);
		}
		this.nodes.kill(0);
		long killedAt = System.nanoTime();
		List<ClickerClient> onB = new ArrayList<>();
		for (String name : acknowledged.keySet()) {
			ClickerClient client = connect(1);
			client.login(name);
			onB.add(client);
		}
		// Bystanders keep clicking meanwhile: their answers show whether threads are held.
		List<Long> roundTrips = new ArrayList<>();
		CompletableFuture<Void> clicking = CompletableFuture.runAsync(() -> {
			for (int round = 0; round < 60; round++) {
				for (ClickerClient bystander : bystanders) {
					int before = bystander.states.get();
					long sent = System.nanoTime();
					bystander.click();
					awaitQuietly(Duration.ofSeconds(10), () -> bystander.states.get() > before);
					synchronized (roundTrips) {
						roundTrips.add(System.nanoTime() - sent);
					}
				}
				sleepQuietly(500);
			}
		});
		Map<String, Integer> loaded = loginUntilAccepted(onB, new ArrayList<>(acknowledged.keySet()), 1);
		double allInSeconds = (System.nanoTime() - killedAt) / 1e9;
		clicking.join();
		long[] sorted;
		synchronized (roundTrips) {
			sorted = roundTrips.stream().mapToLong(Long::longValue).sorted().toArray();
		}
		report("crash", acknowledged, loaded,
				String.format("allLoggedInAfter=%.1fs bystanderClickP50=%.1fms p99=%.1fms", allInSeconds,
						sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6));
		closeAll(onB);
		closeAll(bystanders);
	}

	/**
	 * A node is stopped (SIGTERM) while its players click: it must exit in time, tell them
	 * it is going away, and keep every click it acknowledged.
	 */
	private void sigterm(int users) throws Exception {
		List<ClickerClient> clients = new ArrayList<>();
		for (int i = 0; i < users; i++) {
			ClickerClient client = connect(0);
			client.login("term-" + i);
			clients.add(client);
		}
		await(Duration.ofSeconds(120), () -> clients.stream().allMatch((client) -> client.name != null));
		CompletableFuture<Void> clicking = CompletableFuture.runAsync(() -> {
			for (int round = 0; round < 10; round++) {
				for (ClickerClient client : clients) {
					try {
						client.click();
					}
					catch (RuntimeException ex) {
						// Closed by the shutdown.
					}
				}
				sleepQuietly(200);
			}
		});
		sleepQuietly(1000);
		double exitSeconds = this.nodes.terminate(0);
		clicking.join();
		Map<Integer, Integer> codes = new TreeMap<>();
		Map<String, Integer> acknowledged = new HashMap<>();
		for (ClickerClient client : clients) {
			codes.merge(client.closeCode, 1, Integer::sum);
			acknowledged.put(client.name, client.coins);
		}
		List<ClickerClient> onB = new ArrayList<>();
		List<String> names = new ArrayList<>(acknowledged.keySet());
		for (String name : names) {
			ClickerClient client = connect(1);
			client.login(name);
			onB.add(client);
		}
		Map<String, Integer> loaded = loginUntilAccepted(onB, names, 1);
		report("sigterm", acknowledged, loaded,
				String.format("exitSeconds=%.1f clientCloseCodes=%s", exitSeconds, codes));
		closeAll(onB);
	}

	/**
	 * Redis freezes (SIGSTOP) while players play, then is killed and restarted: open sockets
	 * must keep playing, new connections must open, logins must fail clearly, health must
	 * turn DOWN and keep answering, and every acknowledged click must be stored at the end.
	 */
	private void redisOutage(int users, int seconds) throws Exception {
		List<ClickerClient> players = loggedIn("outage-", users);
		this.nodes.signalRedis("STOP");
		Outage outage = playThrough(players, seconds, true, 5);
		this.nodes.signalRedis("CONT");
		this.nodes.signalRedis("KILL");
		this.nodes.startRedis();
		try (StoredCoins store = new StoredCoins(this.nodes.redisPort())) {
			report("redis-outage freezeSeconds=" + seconds, lastCoins(players), outage.awaitStored(store, players),
					outage.describe());
		}
		closeAll(players);
	}

	/**
	 * The PostgreSQL the players are kept in crashes ({@code pg_ctl stop -m immediate}) while
	 * they play, and comes back after a while: as with Redis, open sockets keep playing,
	 * logins fail clearly, health is DOWN, and every acknowledged click is stored at the end.
	 */
	private void postgresOutage(int users, int seconds) throws Exception {
		List<ClickerClient> players = loggedIn("pg-", users);
		this.nodes.crashPostgres();
		Outage outage = playThrough(players, seconds, false, 1);
		this.nodes.startPostgres(5441);
		try (StoredCoins store = new StoredCoins("jdbc:postgresql://127.0.0.1:5441/postgres?user=postgres")) {
			report("postgres-outage downSeconds=" + seconds, lastCoins(players), outage.awaitStored(store, players),
					outage.describe());
		}
		closeAll(players);
	}

	/** Players logged in on node 0 after a few acknowledged clicks each. */
	private List<ClickerClient> loggedIn(String prefix, int users) throws Exception {
		Map<String, Integer> acknowledged = playOn(0, prefix, users);
		List<ClickerClient> players = new ArrayList<>();
		for (String name : acknowledged.keySet()) {
			ClickerClient client = connect(0);
			client.login(name);
			players.add(client);
		}
		await(Duration.ofSeconds(60), () -> players.stream().allMatch((client) -> client.name != null));
		return players;
	}

	/**
	 * Rounds of play while the store is down, for {@code seconds}: every player clicks, a new
	 * guest connects and clicks (when {@code guests}), a newcomer tries to log in every
	 * {@code loginEvery} rounds, and health is asked.
	 */
	private Outage playThrough(List<ClickerClient> players, int seconds, boolean guests, int loginEvery)
			throws Exception {
		Outage outage = new Outage(System.nanoTime());
		for (int round = 0; System.nanoTime() - outage.startedAt < Duration.ofSeconds(seconds).toNanos(); round++) {
			long healthStart = System.nanoTime();
			int status = healthStatus(0);
			outage.slowestHealth = Math.max(outage.slowestHealth, System.nanoTime() - healthStart);
			if (status == 503 && outage.firstDown < 0) {
				outage.firstDown = System.nanoTime() - outage.startedAt;
			}
			List<Integer> before = new ArrayList<>();
			for (ClickerClient player : players) {
				before.add(player.states.get());
				player.click();
				outage.clicks++;
			}
			ClickerClient guest = null;
			if (guests) {
				guest = connect(0);
				guest.click();
				outage.guestsTried++;
			}
			ClickerClient login = null;
			if (round % loginEvery == 0) {
				login = connect(0);
				login.login("newcomer-" + round);
				outage.loginsTried++;
			}
			Thread.sleep(1000);
			for (int i = 0; i < players.size(); i++) {
				if (players.get(i).states.get() > before.get(i)) {
					outage.answered++;
				}
			}
			if (guest != null) {
				// Served: its connection opened and its click got an answer (the state, or a
				// message that guest coins cannot be counted while the store is down).
				ClickerClient served = guest;
				await(Duration.ofSeconds(5), () -> served.states.get() > 0 || !served.errors.isEmpty());
				if (served.states.get() > 0 || !served.errors.isEmpty()) {
					outage.guestsServed++;
				}
				served.close();
			}
			if (login != null) {
				ClickerClient trying = login;
				await(Duration.ofSeconds(10), () -> !trying.errors.isEmpty() || trying.name != null);
				if (!trying.errors.isEmpty()) {
					outage.loginsRefused++;
				}
				trying.close();
			}
		}
		return outage;
	}

	private static Map<String, Integer> lastCoins(List<ClickerClient> players) {
		Map<String, Integer> last = new HashMap<>();
		for (ClickerClient player : players) {
			last.put(player.name, player.coins);
		}
		return last;
	}

	/** What the players saw during a store outage. */
	private static final class Outage {

		final long startedAt;

		int clicks;

		int answered;

		int guestsTried;

		int guestsServed;

		int loginsTried;

		int loginsRefused;

		long firstDown = -1;

		long slowestHealth;

		long storeBackAt;

		double storedAfter;

		Outage(long startedAt) {
			this.startedAt = startedAt;
		}

		/**
		 * Reads what the store holds, once it is back, until it has every click the players
		 * were shown (at most 60 s): the node's queued writes land by themselves.
		 */
		Map<String, Integer> awaitStored(StoredCoins store, List<ClickerClient> players) throws InterruptedException {
			this.storeBackAt = System.nanoTime();
			Map<String, Integer> last = lastCoins(players);
			Map<String, Integer> stored;
			long deadline = this.storeBackAt + Duration.ofSeconds(60).toNanos();
			do {
				Thread.sleep(500);
				stored = store.coins(last.keySet());
			}
			while (!stored.equals(last) && System.nanoTime() < deadline);
			this.storedAfter = (System.nanoTime() - this.storeBackAt) / 1e9;
			return stored;
		}

		String describe() {
			return String.format("openSocketClicksAnswered=%d/%d guestConnectionsServed=%d/%d "
					+ "loginsRefusedClearly=%d/%d healthDownAfter=%.1fs slowestHealthAnswer=%.0fms storedAfterRestart=%.1fs",
					this.answered, this.clicks, this.guestsServed, this.guestsTried, this.loginsRefused,
					this.loginsTried, (this.firstDown < 0) ? -1 : this.firstDown / 1e9, this.slowestHealth / 1e6,
					this.storedAfter);
		}

	}

	private int healthStatus(int node) {
		try {
			java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(this.nodes.health(node))
				.timeout(Duration.ofSeconds(10))
				.build();
			return this.http.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
		}
		catch (Exception ex) {
			return -1;
		}
	}

	/**
	 * A node is killed (kill -9) while its players click, and started again: clicks older
	 * than one persistence interval must survive, and the players must get back in fast.
	 */
	private void killAndRestart(int users) throws Exception {
		List<ClickerClient> players = new ArrayList<>();
		for (int i = 0; i < users; i++) {
			ClickerClient client = connect(0);
			client.login("phoenix-" + i);
			players.add(client);
		}
		await(Duration.ofSeconds(60), () -> players.stream().allMatch((client) -> client.name != null));
		// Clicking for 25 s (two and a half persistence intervals), one click a second each.
		long clickingSince = System.nanoTime();
		while (System.nanoTime() - clickingSince < Duration.ofSeconds(25).toNanos()) {
			players.forEach(ClickerClient::click);
			Thread.sleep(1000);
		}
		Map<String, Integer> acknowledged = new HashMap<>();
		for (ClickerClient player : players) {
			acknowledged.put(player.name, player.coins);
		}
		this.nodes.kill(0);
		this.nodes.startNode(0, 18081);
		List<Long> logins = new ArrayList<>();
		Map<String, Integer> loaded = new HashMap<>();
		List<ClickerClient> back = new ArrayList<>();
		for (String name : acknowledged.keySet()) {
			ClickerClient client = connect(0);
			long start = System.nanoTime();
			client.login(name);
			await(Duration.ofSeconds(30), () -> client.isLoggedInAs(name) || !client.errors.isEmpty());
			logins.add(System.nanoTime() - start);
			if (client.isLoggedInAs(name)) {
				loaded.put(name, client.coins);
			}
			back.add(client);
		}
		long[] sorted = logins.stream().mapToLong(Long::longValue).sorted().toArray();
		int lostClicks = 0;
		int maxLost = 0;
		for (Map.Entry<String, Integer> player : acknowledged.entrySet()) {
			int lost = player.getValue() - loaded.getOrDefault(player.getKey(), 0);
			lostClicks += Math.max(0, lost);
			maxLost = Math.max(maxLost, lost);
		}
		System.out.printf("kill-restart users=%d loggedInAgain=%d reloginP50=%.1fms p99=%.1fms lostClicks=%d "
				+ "mostLostByOnePlayer=%d (one click a second: seconds of play lost; persistence interval 10 s)%n",
				users, loaded.size(), sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6,
				lostClicks, maxLost);
		closeAll(back);
	}

	/**
	 * A storm of bad input against one node while well-behaved players play: forged and
	 * replayed tokens, forged cookies, foreign origins, oversized, binary and unreadable
	 * messages, connection churn, and half-open sockets. Nothing may crash or answer 5xx,
	 * the players must not notice, and half-open sockets must be closed by the idle timeout.
	 */
	private void badInput(int players) throws Exception {
		List<ClickerClient> good = new ArrayList<>();
		for (int i = 0; i < players; i++) {
			ClickerClient client = connect(0);
			client.login("good-" + i);
			good.add(client);
		}
		await(Duration.ofSeconds(60), () -> good.stream().allMatch((client) -> client.name != null));
		int[] goodClicks = new int[1];
		java.util.concurrent.atomic.AtomicBoolean storming = new java.util.concurrent.atomic.AtomicBoolean(true);
		CompletableFuture<Void> playing = CompletableFuture.runAsync(() -> {
			while (storming.get()) {
				good.forEach(ClickerClient::click);
				goodClicks[0]++;
				sleepQuietly(1000);
			}
		});
		Map<String, Integer> outcomes = new TreeMap<>();
		java.net.URI play = this.nodes.uri(0);
		String usedToken = null;
		for (int i = 0; i < 300; i++) {
			count(outcomes, "random resume token", handshake(play + "?resume=" + randomToken(), Map.of()));
			count(outcomes, "malformed resume token", handshake(play + "?resume=%00%ff" + i, Map.of()));
			count(outcomes, "forged cookie", handshake(play.toString(),
					Map.of("Cookie", "GAMESESSION=" + randomToken() + ".forged")));
			count(outcomes, "foreign origin", handshake(play.toString(), Map.of("Origin", "http://evil.example")));
		}
		// A token used once to resume, then replayed.
		for (int i = 0; i < 100; i++) {
			ClickerClient first = connect(0);
			await(Duration.ofSeconds(10), () -> first.resumeToken != null);
			String token = first.resumeToken;
			first.abort();
			count(outcomes, "used token", handshake(play + "?resume=" + token, Map.of()));
			count(outcomes, "replayed token", handshake(play + "?resume=" + token, Map.of()));
		}
		List<ClickerClient> abusers = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			ClickerClient oversized = connect(0);
			oversized.sendRaw("x".repeat(64 * 1024));
			ClickerClient unreadable = connect(0);
			for (int m = 0; m < 10; m++) {
				unreadable.sendRaw("{\"type\": click" + m);
			}
			ClickerClient binary = connect(0);
			binary.sendBinary(new byte[] { 1, 2, 3 });
			abusers.addAll(List.of(oversized, unreadable, binary));
			connect(0).abort();
		}
		List<java.net.Socket> halfOpen = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			halfOpen.add(halfOpenSocket(18081));
		}
		long halfOpenSince = System.nanoTime();
		await(Duration.ofSeconds(40), () -> halfOpen.stream().allMatch(ReliabilityScenarios::isClosedByServer));
		double halfOpenClosedAfter = (System.nanoTime() - halfOpenSince) / 1e9;
		long halfOpenClosed = halfOpen.stream().filter(ReliabilityScenarios::isClosedByServer).count();
		storming.set(false);
		playing.join();
		Thread.sleep(1500);
		int answered = 0;
		for (ClickerClient client : good) {
			answered += client.coins;
		}
		Map<Integer, Integer> abuserCodes = new TreeMap<>();
		for (ClickerClient abuser : abusers) {
			abuserCodes.merge(abuser.closeCode, 1, Integer::sum);
		}
		String log = java.nio.file.Files.readString(this.nodes.log(0));
		long errors = log.lines().filter((line) -> line.contains(" ERROR ")).count();
		long stackLines = log.lines().filter((line) -> line.startsWith("\tat ")).count();
		System.out.printf("bad-input players=%d goodClicksAnswered=%d/%d goodPlayersStillOpen=%d handshakes=%s "
				+ "abuserCloseCodes=%s (0 = still open) halfOpenClosed=%d/100 after %.1fs nodeAlive=%s logErrors=%d "
				+ "logStackTraceLines=%d%n", players, answered, goodClicks[0] * players,
				good.stream().filter(ClickerClient::isOpen).count(), outcomes, abuserCodes, halfOpenClosed,
				halfOpenClosedAfter, healthStatus(0) > 0, errors, stackLines);
		closeAll(good);
		closeAll(abusers);
		for (java.net.Socket socket : halfOpen) {
			socket.close();
		}
	}

	private static void count(Map<String, Integer> outcomes, String what, int status) {
		outcomes.merge(what + " → " + status, 1, Integer::sum);
	}

	/** A handshake's HTTP status: 101 when it was accepted (then closed at once). */
	private int handshake(String uri, Map<String, String> headers) {
		java.net.http.WebSocket.Builder builder = this.http.newWebSocketBuilder();
		headers.forEach(builder::header);
		try {
			java.net.http.WebSocket socket = builder.buildAsync(java.net.URI.create(uri), new java.net.http.WebSocket.Listener() {
			}).join();
			socket.abort();
			return 101;
		}
		catch (java.util.concurrent.CompletionException ex) {
			if (ex.getCause() instanceof java.net.http.WebSocketHandshakeException handshake) {
				return handshake.getResponse().statusCode();
			}
			return -1;
		}
		catch (IllegalArgumentException ex) {
			return -2;
		}
	}

	private static final Map<java.net.Socket, Boolean> closeFrames = new java.util.concurrent.ConcurrentHashMap<>();

	/**
	 * Whether the server ended a half-open socket: sent a WebSocket close frame, or closed the
	 * connection (reads what it sent so far).
	 */
	private static boolean isClosedByServer(java.net.Socket socket) {
		if (closeFrames.containsKey(socket)) {
			return true;
		}
		try {
			byte[] buffer = new byte[4096];
			while (true) {
				int read = socket.getInputStream().read(buffer);
				if (read < 0) {
					closeFrames.put(socket, true);
					return true;
				}
				for (int i = 0; i < read; i++) {
					// A server frame: FIN + opcode 8 (close), unmasked.
					if ((buffer[i] & 0xFF) == 0x88) {
						closeFrames.put(socket, true);
						return true;
					}
				}
			}
		}
		catch (java.net.SocketTimeoutException ex) {
			return false;
		}
		catch (java.io.IOException ex) {
			closeFrames.put(socket, true);
			return true;
		}
	}

	private static String randomToken() {
		byte[] bytes = new byte[32];
		ThreadLocalRandom.current().nextBytes(bytes);
		return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** A socket that completes the WebSocket handshake, then never says anything again. */
	private static java.net.Socket halfOpenSocket(int port) throws java.io.IOException {
		java.net.Socket socket = new java.net.Socket("127.0.0.1", port);
		String request = "GET /play HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
				+ "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
				+ "Sec-WebSocket-Version: 13\r\n\r\n";
		socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
		socket.getOutputStream().flush();
		socket.setSoTimeout(50);
		return socket;
	}

	/** A → B → A without faults. */
	private void cycle(int users) throws Exception {
		Map<String, Integer> acknowledged = playOn(0, "cycle-", users);
		List<Long> logins = new ArrayList<>();
		Map<String, Integer> afterB = moveTo(1, acknowledged, logins);
		Map<String, Integer> afterA = moveTo(0, afterB, logins);
		int mismatches = 0;
		for (String name : acknowledged.keySet()) {
			if (!acknowledged.get(name).equals(afterB.get(name))) {
				mismatches++;
			}
			if (!afterB.get(name).equals(afterA.get(name))) {
				mismatches++;
			}
		}
		long[] sorted = logins.stream().mapToLong(Long::longValue).sorted().toArray();
		System.out.printf("cycle users=%d handOvers=%d mismatches=%d loginP50=%.1fms p99=%.1fms%n", users,
				2 * users, mismatches, sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6);
	}

	/** Logs each player in on a node, one after another, clicking once; returns their coins there. */
	private Map<String, Integer> moveTo(int node, Map<String, Integer> players, List<Long> loginNanos)
			throws Exception {
		Map<String, Integer> coins = new HashMap<>();
		List<ClickerClient> clients = new ArrayList<>();
		for (String name : players.keySet()) {
			ClickerClient client = connect(node);
			long start = System.nanoTime();
			client.login(name);
			await(Duration.ofSeconds(30), () -> client.isLoggedInAs(name) || !client.errors.isEmpty());
			loginNanos.add(System.nanoTime() - start);
			coins.put(name, client.coins);
			clients.add(client);
		}
		closeAll(clients);
		return coins;
	}

	/** Players log in on a node and click a few times each; returns the coins acknowledged. */
	private Map<String, Integer> playOn(int node, String prefix, int users) throws Exception {
		List<ClickerClient> clients = new ArrayList<>();
		Map<String, Integer> clicks = new HashMap<>();
		for (int i = 0; i < users; i++) {
			ClickerClient client = connect(node);
			client.login(prefix + i);
			clients.add(client);
		}
		await(Duration.ofSeconds(60), () -> clients.stream().allMatch((client) -> client.name != null));
		for (int i = 0; i < users; i++) {
			int count = 5 + ThreadLocalRandom.current().nextInt(10);
			clicks.put(prefix + i, count);
			for (int c = 0; c < count; c++) {
				clients.get(i).click();
			}
		}
		Map<String, Integer> acknowledged = new HashMap<>();
		await(Duration.ofSeconds(60), () -> {
			for (int i = 0; i < users; i++) {
				if (clients.get(i).coins < clicks.get(prefix + i)) {
					return false;
				}
			}
			return true;
		});
		for (int i = 0; i < users; i++) {
			acknowledged.put(prefix + i, clients.get(i).coins);
		}
		return acknowledged;
	}

	/**
	 * Retries the refused logins every half second until every player is in (at most 90 s);
	 * returns the coins each one got.
	 */
	private Map<String, Integer> loginUntilAccepted(List<ClickerClient> clients, List<String> names, int node)
			throws Exception {
		Map<String, Integer> loaded = new HashMap<>();
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (loaded.size() < names.size() && System.nanoTime() < deadline) {
			for (int i = 0; i < names.size(); i++) {
				String name = names.get(i);
				ClickerClient client = clients.get(i);
				if (loaded.containsKey(name)) {
					continue;
				}
				if (client.isLoggedInAs(name)) {
					loaded.put(name, client.coins);
				}
				else if (!client.errors.isEmpty() || !client.isOpen()) {
					client.close();
					ClickerClient retry = connect(node);
					retry.login(name);
					clients.set(i, retry);
				}
			}
			Thread.sleep(500);
		}
		return loaded;
	}

	private static void report(String scenario, Map<String, Integer> acknowledged, Map<String, Integer> loaded,
			String extra) {
		int stale = 0;
		int lost = 0;
		int notIn = 0;
		for (Map.Entry<String, Integer> player : acknowledged.entrySet()) {
			Integer got = loaded.get(player.getKey());
			if (got == null) {
				notIn++;
			}
			else if (got < player.getValue()) {
				stale++;
				lost += player.getValue() - got;
			}
		}
		System.out.printf("%s users=%d staleLoads=%d lostAcknowledgedClicks=%d neverLoggedIn=%d %s%n", scenario,
				acknowledged.size(), stale, lost, notIn, extra);
	}

	private ClickerClient connect(int node) {
		return ClickerClient.connect(this.http, this.nodes.uri(node)).join();
	}

	private static void closeAll(List<ClickerClient> clients) {
		clients.forEach(ClickerClient::close);
	}

	private static void await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
	}

	private static void awaitQuietly(Duration timeout, BooleanSupplier condition) {
		try {
			await(timeout, condition);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void sleepQuietly(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
