package dev.gamesessions;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * What a user record remembers of the encoded data it last queued or loaded, instead of a
 * copy of it: the length and two checksums (CRC-32C and CRC-32) of its UTF-8 bytes. Used
 * only to skip writing data that did not change. A change that leaves the length alone and
 * touches at most 4 consecutive bytes (a counter, a coin total) always changes both
 * checksums; any other change goes unnoticed with a probability of about 2<sup>-64</sup>.
 * Keeping the copy instead cost a second heap copy of every live user's data, which the
 * garbage collector copied again after every write (docs/benchmarks.md, Fixes).
 *
 * @param length the length of the UTF-8 bytes
 * @param checksums CRC-32C in the high 32 bits, CRC-32 in the low 32 bits
 */
record EncodedFingerprint(int length, long checksums) {

	static EncodedFingerprint of(String encoded) {
		byte[] bytes = encoded.getBytes(StandardCharsets.UTF_8);
		CRC32C castagnoli = new CRC32C();
		castagnoli.update(bytes);
		CRC32 ieee = new CRC32();
		ieee.update(bytes);
		return new EncodedFingerprint(bytes.length, (castagnoli.getValue() << 32) | ieee.getValue());
	}

}
