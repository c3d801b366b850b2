package dev.gamesessions;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link DataCodec} on a Jackson 3 {@link JsonMapper}. The default mapper has no default
 * typing, so stored data can never name a class to instantiate, and it tolerates data
 * written by an older or newer version of the user data type: missing properties take
 * their default value (0 for primitives), unknown properties are ignored.
 */
public final class JacksonDataCodec implements DataCodec {

	private final JsonMapper mapper;

	public JacksonDataCodec() {
		this(JsonMapper.builder()
			.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.build());
	}

	public JacksonDataCodec(JsonMapper mapper) {
		this.mapper = mapper;
	}

	@Override
	public String encode(Object value) {
		try {
			return this.mapper.writeValueAsString(value);
		}
		catch (JacksonException ex) {
			throw new DataCodecException("Cannot encode a " + value.getClass().getName() + " as JSON: "
					+ ex.getOriginalMessage(), ex);
		}
	}

	@Override
	public <T> T decode(String encoded, Class<T> type) {
		T value;
		try {
			value = this.mapper.readValue(encoded, type);
		}
		catch (JacksonException ex) {
			throw new DataCodecException("Cannot decode JSON as a " + type.getName() + ": " + ex.getOriginalMessage(),
					ex);
		}
		if (value == null) {
			throw new DataCodecException("Cannot decode JSON 'null' as a " + type.getName());
		}
		return value;
	}

}
