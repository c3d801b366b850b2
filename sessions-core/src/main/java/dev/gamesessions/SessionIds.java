package dev.gamesessions;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Generates session ids and resume tokens: random bytes from {@link SecureRandom},
 * URL-safe Base64 without padding. Each thread has its own DRBG generator (NIST SP
 * 800-90A, seeded by the platform), so creating sessions on many threads does not queue on
 * one shared generator.
 * <p>
 * Each thread draws its generator's output {@value RandomBytes#SIZE} bytes at a time and
 * hands it out in order, every byte once: one DRBG request then serves 32 ids (or ten
 * sessions that also take a token) instead of one request per id or token (a request
 * costs a fixed state update besides the bytes). Ids and tokens come from the same
 * output; as with any DRBG, knowing some of it (ids are public) tells nothing about the
 * rest. The bytes waiting in the buffer are no more exposed than the generator's own
 * state, which sits beside them in memory and determines all of its future output anyway.
 */
final class SessionIds {

	/** 128 bits: 22 characters. */
	static final int ID_BYTES = 16;

	/** 256 bits: 43 characters. */
	static final int TOKEN_BYTES = 32;

	private static final int MAX_REFERENCE_LENGTH = 128;

	private static final ThreadLocal<RandomBytes> random = ThreadLocal.withInitial(RandomBytes::new);

	private static final Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();

	private SessionIds() {
	}

	static String newId() {
		return generate(ID_BYTES);
	}

	static String newToken() {
		return generate(TOKEN_BYTES);
	}

	private static String generate(int bytes) {
		byte[] buffer = new byte[bytes];
		random.get().next(buffer);
		return encoder.encodeToString(buffer);
	}

	/**
	 * Whether a string could be an id or token: URL-safe Base64 characters only, of a sane
	 * length.
	 */
	static boolean isWellFormed(String reference) {
		int length = reference.length();
		if (length == 0 || length > MAX_REFERENCE_LENGTH) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			char c = reference.charAt(i);
			boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
					|| c == '_';
			if (!ok) {
				return false;
			}
		}
		return true;
	}

	/**
	 * A form of an id or token that is safe to log: its first four characters.
	 */
	static String mask(String reference) {
		if (reference.length() <= 4) {
			return "****";
		}
		return reference.substring(0, 4) + "…";
	}

	/**
	 * One thread's generator and the part of its last output not handed out yet. Not
	 * thread-safe: used only by its thread.
	 */
	static final class RandomBytes {

		/** Bytes drawn per DRBG request: 32 ids of 16 bytes, or ten ids with their 32-byte tokens. */
		static final int SIZE = 512;

		private final SecureRandom generator;

		private final byte[] buffer = new byte[SIZE];

		/** Index of the first byte not handed out yet. */
		private int position = SIZE;

		RandomBytes() {
			this(newGenerator());
		}

		RandomBytes(SecureRandom generator) {
			this.generator = generator;
		}

		/**
		 * Fills {@code into} with bytes never handed out before, refilling the buffer from
		 * the generator when fewer than {@code into.length} remain (those are discarded).
		 * @param into the array to fill, at most {@link #SIZE} bytes long
		 */
		void next(byte[] into) {
			int length = into.length;
			if (length > SIZE - this.position) {
				this.generator.nextBytes(this.buffer);
				this.position = 0;
			}
			System.arraycopy(this.buffer, this.position, into, 0, length);
			this.position += length;
		}

		private static SecureRandom newGenerator() {
			try {
				return SecureRandom.getInstance("DRBG");
			}
			catch (NoSuchAlgorithmException ex) {
				return new SecureRandom();
			}
		}

	}

}
