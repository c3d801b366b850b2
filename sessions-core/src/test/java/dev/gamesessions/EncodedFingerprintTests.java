package dev.gamesessions;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EncodedFingerprintTests {

	@Test
	void theSameDataHasTheSameFingerprint() {
		assertThat(EncodedFingerprint.of("{\"coins\":7,\"name\":\"Åsa\"}"))
			.isEqualTo(EncodedFingerprint.of("{\"coins\":" + 7 + ",\"name\":\"Åsa\"}"));
	}

	@Test
	void everyChangeOfUpToFourBytesInPlaceChangesTheFingerprint() {
		String data = "{\"coins\":1000,\"level\":12,\"inventory\":[\"sword\",\"shield\"]}";
		EncodedFingerprint before = EncodedFingerprint.of(data);
		for (int at = 0; at < data.length(); at++) {
			for (char replacement : new char[] { '0', '9', 'a', ' ' }) {
				if (data.charAt(at) != replacement) {
					String changed = data.substring(0, at) + replacement + data.substring(at + 1);
					assertThat(EncodedFingerprint.of(changed)).isNotEqualTo(before);
				}
			}
		}
		for (int at = 0; at + 4 <= data.length(); at++) {
			String changed = data.substring(0, at) + "9999" + data.substring(at + 4);
			if (!changed.equals(data)) {
				assertThat(EncodedFingerprint.of(changed)).isNotEqualTo(before);
			}
		}
	}

	@Test
	void aChangeOfLengthOrOfCharactersBeyondLatin1ChangesTheFingerprint() {
		assertThat(EncodedFingerprint.of("{\"name\":\"Ann\"}")).isNotEqualTo(EncodedFingerprint.of("{\"name\":\"Anna\"}"));
		assertThat(EncodedFingerprint.of("{\"name\":\"李\"}")).isNotEqualTo(EncodedFingerprint.of("{\"name\":\"杏\"}"));
		assertThat(EncodedFingerprint.of("{\"name\":\"李\"}").length()).isEqualTo("{\"name\":\"\"}".length() + 3);
	}

}
