package dev.gamesessions.autoconfigure;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import dev.gamesessions.SessionManagerConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code game.sessions.*} defaults (literals, so that IDEs show them) are the engine's:
 * an application that sets nothing runs exactly as {@link SessionManagerConfig#defaults()}
 * says, and a default changed on one side only fails here.
 */
class PropertyDefaultsTests {

	@Test
	void unsetPropertiesGiveTheEngineDefaults() throws Exception {
		SessionManagerConfig mapped = SessionManagerConfigMapper.map(new GameSessionsProperties());
		SessionManagerConfig defaults = SessionManagerConfig.defaults();
		List<String> compared = new ArrayList<>();
		for (Method accessor : SessionManagerConfig.class.getDeclaredMethods()) {
			if (Modifier.isPublic(accessor.getModifiers()) && !Modifier.isStatic(accessor.getModifiers())
					&& accessor.getParameterCount() == 0 && !accessor.getName().equals("toString")) {
				assertThat(accessor.invoke(mapped)).as(accessor.getName()).isEqualTo(accessor.invoke(defaults));
				compared.add(accessor.getName());
			}
		}
		assertThat(compared).contains("persistEvents", "duration", "cacheLimit", "writeBatchSize");
	}

}
