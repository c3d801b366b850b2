package dev.gamesessions;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The pattern that deadlocked a node at 1,000 players: listeners that send to every other
 * player, and a transport that closes a connection inline when a send to it fails (as
 * Tomcat does), which disconnects that player's session on the sending thread. Uses only
 * the public API.
 */
class DeadlockStressTests {

	private static final int SESSIONS = 300;

	private static final int THREADS = 8;

	private static final int OPERATIONS_PER_THREAD = 5_000;

	private final ExecutorService workers = Executors.newFixedThreadPool(THREADS, (runnable) -> {
		Thread thread = new Thread(runnable, "stress-worker");
		thread.setDaemon(true);
		return thread;
	});

	private SessionManager manager;

	private final AtomicLong inlineCloses = new AtomicLong();

	private final AtomicLong resumes = new AtomicLong();

	@AfterEach
	void stop() {
		this.workers.shutdownNow();
	}

	@Test
	void listenersSendingToOtherPlayersWhoseConnectionsCloseInlineNeverDeadlock() throws Exception {
		AtomicLong sends = new AtomicLong();
		this.manager = SessionManager.builder()
			.config(SessionManagerConfig.builder()
				.reconnectGrace(Duration.ofSeconds(30))
				.shutdownTimeout(Duration.ofSeconds(5))
				.build())
			.build();
		// What every multiplayer game does: tell everyone else when a player arrives.
		this.manager.addListener((event) -> {
			if (event instanceof SessionEvent.Started || event instanceof SessionEvent.Identified) {
				for (Session other : this.manager.sessions()) {
					ClientMessenger client = other.client();
					if (other != event.session() && client != null) {
						client.send("joined");
						sends.incrementAndGet();
					}
				}
			}
		});
		List<Session> players = new ArrayList<>();
		for (int i = 0; i < SESSIONS; i++) {
			players.add(connect("p" + i));
		}
		AtomicInteger logins = new AtomicInteger();
		List<Future<?>> running = new ArrayList<>();
		for (int t = 0; t < THREADS; t++) {
			running.add(this.workers.submit(() -> {
				ThreadLocalRandom random = ThreadLocalRandom.current();
				for (int i = 0; i < OPERATIONS_PER_THREAD && !Thread.currentThread().isInterrupted(); i++) {
					int slot = random.nextInt(SESSIONS);
					Session session;
					synchronized (players) {
						session = players.get(slot);
					}
					try {
						switch (random.nextInt(6)) {
							case 0 -> session.disconnect();
							case 1 -> {
								if (session.state() == SessionState.DISCONNECTED) {
									Session resumed = this.manager.resume(session.resumeToken());
									resumed.set(Session.CLIENT_ATTRIBUTE, new InlineClosingMessenger(resumed));
									this.resumes.incrementAndGet();
								}
							}
							case 2 -> {
								session.destroy();
								Session replacement = connect("p" + slot + "-" + logins.incrementAndGet());
								synchronized (players) {
									players.set(slot, replacement);
								}
							}
							case 3 -> {
								if (session.state() == SessionState.STARTED) {
									session.identify("user-" + random.nextInt(SESSIONS * 2));
								}
							}
							case 4 -> this.manager.kick("user-" + random.nextInt(SESSIONS * 2), "stress");
							default -> {
								Session fresh = connect("extra-" + logins.incrementAndGet());
								fresh.identify("user-" + random.nextInt(SESSIONS * 2));
								fresh.destroy();
							}
						}
					}
					catch (SessionException ex) {
						// Expected races: the session ended or changed state meanwhile.
					}
				}
			}));
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		for (Future<?> worker : running) {
			while (!worker.isDone()) {
				String deadlocked = deadlocks();
				if (!deadlocked.isEmpty() || System.nanoTime() > deadline) {
					fail("Workers did not finish; deadlocked threads: " + deadlocked);
				}
				try {
					worker.get(200, TimeUnit.MILLISECONDS);
				}
				catch (TimeoutException ex) {
					// Look for a deadlock again.
				}
			}
			worker.get();
		}
		assertThat(deadlocks()).isEmpty();
		assertThat(sends.get()).isPositive();
		assertThat(this.inlineCloses.get()).isPositive();
		assertThat(this.resumes.get()).isPositive();
		CompletableFuture<FlushReport> closing = CompletableFuture.supplyAsync(this.manager::shutdown);
		try {
			FlushReport report = closing.get(this.manager.config().shutdownTimeout().toSeconds() + 10, TimeUnit.SECONDS);
			assertThat(report.unwritten()).isEmpty();
		}
		catch (TimeoutException ex) {
			fail("close() did not return: " + deadlocks());
		}
		assertThat(this.manager.size()).isZero();
	}

	private Session connect(String name) {
		Session session = this.manager.create();
		session.set(Session.CLIENT_ATTRIBUTE, new InlineClosingMessenger(session));
		session.start();
		return session;
	}

	private static String deadlocks() {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long[] ids = threads.findDeadlockedThreads();
		if (ids == null) {
			return "";
		}
		return Arrays.stream(threads.getThreadInfo(ids, true, true))
			.map(ThreadInfo::toString)
			.collect(Collectors.joining("\n"));
	}

	/**
	 * A connection whose send sometimes fails and closes it on the sending thread, which
	 * disconnects its session there, as Tomcat's WebSocket session does.
	 */
	private final class InlineClosingMessenger implements ClientMessenger {

		private final Session target;

		private volatile boolean open = true;

		InlineClosingMessenger(Session target) {
			this.target = target;
		}

		@Override
		public void send(String text) {
			if (this.open && ThreadLocalRandom.current().nextInt(50) == 0) {
				DeadlockStressTests.this.inlineCloses.incrementAndGet();
				close(1006, "send failed");
			}
		}

		@Override
		public void sendJson(Object value) {
			send(value.toString());
		}

		@Override
		public boolean isOpen() {
			return this.open;
		}

		@Override
		public void close(int code, String reason) {
			if (this.open) {
				this.open = false;
				if (this.target.get(Session.CLIENT_ATTRIBUTE) == this) {
					this.target.remove(Session.CLIENT_ATTRIBUTE);
					this.target.disconnect();
				}
			}
		}

	}

}
