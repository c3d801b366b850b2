package dev.gamesessions;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SessionIdsTests {

	@Test
	void idsAre128AndTokens256UrlSafeBits() {
		assertThat(SessionIds.newId()).matches("[A-Za-z0-9_-]{22}");
		assertThat(SessionIds.newToken()).matches("[A-Za-z0-9_-]{43}");
	}

	@Test
	void idsAndTokensStayDistinctAcrossManyBufferRefills() {
		Set<String> seen = new HashSet<>();
		int perBuffer = SessionIds.RandomBytes.SIZE / (SessionIds.ID_BYTES + SessionIds.TOKEN_BYTES);
		for (int i = 0; i < perBuffer * 200; i++) {
			assertThat(seen.add(SessionIds.newId())).isTrue();
			assertThat(seen.add(SessionIds.newToken())).isTrue();
		}
	}

	@Test
	void threadsDrawDistinctValues() throws Exception {
		Set<String> seen = ConcurrentHashMap.newKeySet();
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(4);
		try {
			Future<?>[] futures = new Future<?>[4];
			for (int t = 0; t < futures.length; t++) {
				futures[t] = executor.submit(() -> {
					start.await();
					for (int i = 0; i < 2000; i++) {
						assertThat(seen.add(SessionIds.newId())).isTrue();
						assertThat(seen.add(SessionIds.newToken())).isTrue();
					}
					return null;
				});
			}
			start.countDown();
			for (Future<?> future : futures) {
				future.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(seen).hasSize(4 * 2000 * 2);
	}

	@Test
	void bufferHandsOutEveryGeneratedByteOnceInOrder() {
		CountingRandom generator = new CountingRandom();
		SessionIds.RandomBytes bytes = new SessionIds.RandomBytes(generator);
		int drawn = 0;
		for (int i = 0; i < SessionIds.RandomBytes.SIZE / 16; i++) {
			byte[] into = new byte[16];
			bytes.next(into);
			for (byte b : into) {
				assertThat(b).isEqualTo((byte) drawn++);
			}
		}
		assertThat(generator.requests).isEqualTo(1);
		byte[] into = new byte[16];
		bytes.next(into);
		assertThat(generator.requests).isEqualTo(2);
		assertThat(into[0]).isEqualTo((byte) SessionIds.RandomBytes.SIZE);
	}

	@Test
	void bufferRefillsWhenTheRestIsTooShortAndNeverReusesIt() {
		CountingRandom generator = new CountingRandom();
		SessionIds.RandomBytes bytes = new SessionIds.RandomBytes(generator);
		byte[] first = new byte[SessionIds.RandomBytes.SIZE - 8];
		bytes.next(first);
		byte[] token = new byte[SessionIds.TOKEN_BYTES];
		bytes.next(token);
		assertThat(generator.requests).isEqualTo(2);
		// The 8 bytes left in the first output were discarded, not handed out.
		assertThat(token[0]).isEqualTo((byte) SessionIds.RandomBytes.SIZE);
		assertThat(token[SessionIds.TOKEN_BYTES - 1]).isEqualTo((byte) (SessionIds.RandomBytes.SIZE + 31));
	}

	@Test
	void bufferServesAWholeBufferInOneRequest() {
		CountingRandom generator = new CountingRandom();
		SessionIds.RandomBytes bytes = new SessionIds.RandomBytes(generator);
		byte[] all = new byte[SessionIds.RandomBytes.SIZE];
		bytes.next(all);
		bytes.next(all);
		assertThat(generator.requests).isEqualTo(2);
		assertThat(all[0]).isEqualTo((byte) SessionIds.RandomBytes.SIZE);
	}

	/** Fills with 0, 1, 2, ... (as bytes) across requests, and counts the requests. */
	private static final class CountingRandom extends SecureRandom {

		private int next;

		int requests;

		@Override
		public void nextBytes(byte[] bytes) {
			this.requests++;
			for (int i = 0; i < bytes.length; i++) {
				bytes[i] = (byte) this.next++;
			}
		}

	}

}
