package dev.gamesessions.autoconfigure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import dev.gamesessions.PersistenceObserver;
import dev.gamesessions.SessionListener;
import dev.gamesessions.SessionManager;
import dev.gamesessions.UserDataFactory;
import dev.gamesessions.UserDirectory;
import dev.gamesessions.autoconfigure.event.ApplicationEventBridge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Attaches what the starter wires around a manager to every {@link SessionManager} bean,
 * the auto-configured one or the application's own: the bridge to application events and
 * every {@link SessionListener} bean (among them the WebSocket connections that close on
 * kicks, and the metrics), and to a manager not built from the auto-configured builder
 * every {@link PersistenceObserver} bean. Runs once every singleton exists, so a listener
 * bean may itself depend on the manager.
 * <p>
 * What only a {@link SessionManager.Builder} can take (settings, stores, the cluster's user
 * directory, customizers) reaches an application's manager
 * only when it is built from the auto-configured builder; otherwise a warning names what
 * is missing.
 */
final class SessionManagerAttachments implements SmartInitializingSingleton {

	private static final Logger logger = LoggerFactory.getLogger(SessionManagerAttachments.class);

	static final String AUTO_CONFIGURED_MANAGER = "gameSessionManager";

	private final ConfigurableListableBeanFactory beanFactory;

	private final ApplicationEventPublisher publisher;

	SessionManagerAttachments(ConfigurableListableBeanFactory beanFactory, ApplicationEventPublisher publisher) {
		this.beanFactory = beanFactory;
		this.publisher = publisher;
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<SessionListener> listeners = this.beanFactory.getBeanProvider(SessionListener.class)
			.orderedStream()
			.toList();
		for (String name : this.beanFactory.getBeanNamesForType(SessionManager.class, false, false)) {
			SessionManager manager = this.beanFactory.getBean(name, SessionManager.class);
			manager.addListener(new ApplicationEventBridge(this.publisher));
			listeners.forEach(manager::addListener);
			if (!AUTO_CONFIGURED_MANAGER.equals(name) && !isBuiltFromBuilderBean(name)) {
				// Built by hand: the persistence observers (metrics) attach like listeners do.
				this.beanFactory.getBeanProvider(PersistenceObserver.class)
					.orderedStream()
					.forEach(manager::addPersistenceObserver);
			}
			if (!AUTO_CONFIGURED_MANAGER.equals(name)) {
				describeApplicationManager(name, manager);
			}
		}
	}

	private void describeApplicationManager(String name, SessionManager manager) {
		logger.info("Game sessions use the application's SessionManager bean '{}', which stores user data in {} "
				+ "and session data in {}", name, manager.userDataStore().getClass().getSimpleName(),
				manager.sessionDataStore().getClass().getSimpleName());
		if (isBuiltFromBuilderBean(name)) {
			return;
		}
		List<String> missing = new ArrayList<>();
		missing.add("the game.sessions.* engine settings and the UserDataStore, SessionDataStore and DataCodec beans");
		beansOfType(UserDataFactory.class, "the UserDataFactory bean %s", missing);
		beansOfType(SessionManagerCustomizer.class, "the SessionManagerCustomizer beans %s", missing);
		beansOfType(UserDirectory.class,
				"the UserDirectory bean %s (without it the single-session policy, locate and kick see this node only)",
				missing);
		logger.warn("Game sessions: the SessionManager bean '{}' was not built from the auto-configured "
				+ "SessionManager.Builder, so unless it was given them by hand it lacks: {}. Take a SessionManager.Builder "
				+ "parameter in its @Bean method and build from it to keep them (application events, SessionListener "
				+ "and PersistenceObserver beans, WebSocket connection closing, metrics, health and the endpoint work "
				+ "either way).", name,
				String.join("; ", missing));
	}

	private boolean isBuiltFromBuilderBean(String managerName) {
		Set<String> builders = Set.of(this.beanFactory.getBeanNamesForType(SessionManager.Builder.class));
		return Arrays.stream(this.beanFactory.getDependenciesForBean(managerName)).anyMatch(builders::contains);
	}

	private void beansOfType(Class<?> type, String description, List<String> missing) {
		String[] names = this.beanFactory.getBeanNamesForType(type, false, false);
		if (names.length > 0) {
			missing.add(String.format(description, Arrays.toString(names)));
		}
	}

}
