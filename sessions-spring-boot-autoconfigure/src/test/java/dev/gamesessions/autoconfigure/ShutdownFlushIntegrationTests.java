package dev.gamesessions.autoconfigure;

import java.util.Map;

import dev.gamesessions.Session;
import dev.gamesessions.SessionManager;
import dev.gamesessions.store.InMemoryUserDataStore;
import dev.gamesessions.store.StoredUserData;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing the application context writes every dirty user's data before the store goes
 * away.
 */
class ShutdownFlushIntegrationTests {

	static final InMemoryUserDataStore store = new InMemoryUserDataStore();

	@Test
	void contextCloseFlushesDirtyUserData() {
		ConfigurableApplicationContext context = SpringApplication.run(FlushApplication.class,
				"--game.sessions.persistence.interval=0", "--game.sessions.store=memory", "--spring.main.banner-mode=off");
		SessionManager manager = context.getBean(SessionManager.class);
		for (int i = 0; i < 200; i++) {
			Session session = manager.create();
			session.start();
			session.identify("player-" + i);
			@SuppressWarnings("unchecked")
			Map<String, Object> data = session.userData(Map.class);
			data.put("coins", i);
		}
		assertThat(store.size()).isZero();
		context.close();
		assertThat(manager.isClosed()).isTrue();
		assertThat(store.size()).isEqualTo(200);
		assertThat(store.load("player-199").map(StoredUserData::data)).hasValue("{\"coins\":199}");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class FlushApplication {

		@Bean
		InMemoryUserDataStore userDataStore() {
			return store;
		}

	}

}
