package dev.gamesessions.autoconfigure;

import java.util.Map;
import java.util.function.Consumer;

import dev.gamesessions.Session;
import dev.gamesessions.SessionManager;
import dev.gamesessions.store.UserDataStore;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A player's data, changed and never persisted explicitly, is written by the shutdown flush
 * when the application stops, and read back when it starts again.
 */
public final class RestartScenario {

	private RestartScenario() {
	}

	/**
	 * Starts the application, changes a player's data, stops it, starts it again and
	 * checks the data.
	 * @param application the application class
	 * @param store the type of user-data store the application must use
	 * @param args the command line arguments of both starts
	 */
	public static void userDataSurvivesARestart(Class<?> application, Class<? extends UserDataStore> store,
			String... args) {
		userDataSurvivesARestart(application, store, args, (context) -> {
		});
	}

	/**
	 * Starts the application, changes a player's data, stops it, starts it again and
	 * checks the data.
	 * @param application the application class
	 * @param store the type of user-data store the application must use
	 * @param args the command line arguments of both starts
	 * @param cleanUp what to remove from the store, run by the second start before it stops,
	 * whether the check passed or not
	 */
	@SuppressWarnings("unchecked")
	public static void userDataSurvivesARestart(Class<?> application, Class<? extends UserDataStore> store,
			String[] args, Consumer<ConfigurableApplicationContext> cleanUp) {
		try (ConfigurableApplicationContext context = SpringApplication.run(application, args)) {
			SessionManager manager = context.getBean(SessionManager.class);
			assertThat(manager.userDataStore()).isInstanceOf(store);
			Session session = manager.create();
			session.start();
			session.identify("carol");
			session.userData(Map.class).put("gems", 30);
		}
		try (ConfigurableApplicationContext context = SpringApplication.run(application, args)) {
			try {
				Session session = context.getBean(SessionManager.class).create();
				session.start();
				session.identify("carol");
				assertThat((Map<String, Object>) session.userData(Map.class)).containsEntry("gems", 30);
			}
			finally {
				cleanUp.accept(context);
			}
		}
	}

}
