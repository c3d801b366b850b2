package dev.gamesessions;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Generates session ids and resume tokens: random bytes from {@link SecureRandom},
 * URL-safe Base64 without padding. Each thread has its own DRBG generator (NIST SP
 * 800-90A, seeded by the platform), so creating sessions on many threads does not queue on
 * one shared generator.
 */
final class SessionIds {

	/** 128 bits: 22 characters. */
	static final int ID_BYTES = 16;

	/** 256 bits: 43 characters. */
	static final int TOKEN_BYTES = 32;

	private static final int MAX_REFERENCE_LENGTH = 128;

	private static final ThreadLocal<SecureRandom> random = ThreadLocal.withInitial(SessionIds::newGenerator);

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
		random.get().nextBytes(buffer);
		return encoder.encodeToString(buffer);
	}

	private static SecureRandom newGenerator() {
		try {
			return SecureRandom.getInstance("DRBG");
		}
		catch (NoSuchAlgorithmException ex) {
			return new SecureRandom();
		}
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

}
