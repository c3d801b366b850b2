package dev.gamesessions.autoconfigure.websocket;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeldMessagesTests {

	@Test
	void notHoldingKeepsNothing() {
		HeldMessages<String> held = new HeldMessages<>(false);
		assertThat(held.hold("a")).isFalse();
	}

	@Test
	void releaseSendsTheFirstMessageThenTheHeldOnesInOrderThenStopsHolding() {
		HeldMessages<String> held = new HeldMessages<>(true);
		assertThat(held.hold("a")).isTrue();
		assertThat(held.hold("b")).isTrue();
		List<String> sent = new ArrayList<>();
		held.release("welcome", sent::add);
		assertThat(sent).containsExactly("welcome", "a", "b");
		assertThat(held.hold("c")).isFalse();
	}

	@Test
	void messagesHeldWhileTheBacklogGoesOutFollowIt() throws Exception {
		HeldMessages<String> held = new HeldMessages<>(true);
		held.hold("a");
		CountDownLatch sending = new CountDownLatch(1);
		CountDownLatch heldMeanwhile = new CountDownLatch(1);
		List<String> sent = new ArrayList<>();
		CompletableFuture<Void> release = CompletableFuture.runAsync(() -> held.release("welcome", (message) -> {
			sent.add(message);
			if (message.equals("a")) {
				sending.countDown();
				await(heldMeanwhile);
			}
		}));
		await(sending);
		// Another thread sends while the release is sending "a": it must not overtake it.
		assertThat(held.hold("b")).isTrue();
		heldMeanwhile.countDown();
		release.get(10, TimeUnit.SECONDS);
		assertThat(sent).containsExactly("welcome", "a", "b");
		assertThat(held.hold("c")).isFalse();
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
