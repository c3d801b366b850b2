package dev.gamesessions;

/**
 * Converts user data and session data values to and from their stored form (JSON text).
 * Implementations are thread-safe and never use Java serialization.
 *
 * @see JacksonDataCodec the default
 */
public interface DataCodec {

	/**
	 * Encodes a value.
	 * @param value the value
	 * @return its stored form
	 * @throws DataCodecException when the value cannot be encoded
	 */
	String encode(Object value);

	/**
	 * Decodes a value.
	 * @param <T> the type
	 * @param encoded the stored form
	 * @param type the type to decode to
	 * @return the value, never {@code null}
	 * @throws DataCodecException when the stored form cannot be decoded to {@code type}
	 */
	<T> T decode(String encoded, Class<T> type);

}
