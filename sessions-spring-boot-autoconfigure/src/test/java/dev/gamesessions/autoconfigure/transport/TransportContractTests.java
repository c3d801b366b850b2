package dev.gamesessions.autoconfigure.transport;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.gamesessions.Session;
import dev.gamesessions.SessionManager;
import dev.gamesessions.SessionState;
import dev.gamesessions.autoconfigure.event.SessionDisconnectedEvent;
import dev.gamesessions.autoconfigure.event.SessionIdentifiedEvent;
import dev.gamesessions.autoconfigure.event.SessionStartedEvent;
import dev.gamesessions.autoconfigure.websocket.GameCloseStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * What every transport of game sessions does for a player, over real connections to a
 * real started application (random port, in-memory stores): one suite, run against each
 * transport by a subclass that says how to start the application
 * ({@link #webApplicationType()}, {@link #extraConfiguration()},
 * {@link #extraProperties()}) and how a player connects ({@link #connect(Handshake)}).
 * The application is {@link ContractGame} with the settings of {@link #contractProperties()};
 * the subclass's configuration must authenticate a request carrying the
 * {@value ContractGame#USER_HEADER} header as that user (a stand-in for Spring Security).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TransportContractTests {

	/** {@code game.sessions.max-sessions} of the contract's application. */
	protected static final int MAX_SESSIONS = 40;

	/** Origin allowed besides the page's own. */
	protected static final String ALLOWED_ORIGIN = "http://game.example";

	private ConfigurableApplicationContext context;

	private int port;

	private SessionManager manager;

	private ContractGame game;

	/**
	 * The kind of application the transport runs in.
	 * @return servlet or reactive
	 */
	protected abstract WebApplicationType webApplicationType();

	/**
	 * Configuration classes the transport adds to {@link ContractGame}: at least the
	 * stand-in for Spring Security.
	 * @return the classes
	 */
	protected abstract Class<?>[] extraConfiguration();

	/**
	 * Properties the transport adds to (or changes in) {@link #contractProperties()}.
	 * @return the properties
	 */
	protected Map<String, Object> extraProperties() {
		return Map.of();
	}

	/**
	 * Connects one player to the started application's game endpoint; by default a plain
	 * WebSocket to {@code /play}.
	 * @param handshake the headers and query parameters of the handshake
	 * @return the open connection
	 * @throws TestConnection.Refused when the handshake is refused
	 */
	protected TestConnection connect(Handshake handshake) {
		return JdkWebSocketConnection.open(URI.create("ws://localhost:" + port() + "/play"), handshake);
	}

	/**
	 * The settings every transport is tested with.
	 * @return the properties
	 */
	protected Map<String, Object> contractProperties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("game.sessions.store", "memory");
		properties.put("game.sessions.websocket.path", "/play");
		properties.put("game.sessions.reconnect.grace", "2s");
		properties.put("game.sessions.max-sessions", MAX_SESSIONS);
		properties.put("game.sessions.websocket.max-message-size", "4KB");
		properties.put("game.sessions.websocket.allowed-origins", ALLOWED_ORIGIN);
		// Idle before any ping is due, so that a client that answers pings can still go idle.
		properties.put("game.sessions.websocket.heartbeat", "60s");
		properties.put("game.sessions.websocket.idle-timeout", "4s");
		return properties;
	}

	@BeforeAll
	void startApplication() {
		Map<String, Object> properties = contractProperties();
		properties.putAll(extraProperties());
		properties.put("server.port", 0);
		Class<?>[] extra = extraConfiguration();
		Class<?>[] sources = new Class<?>[extra.length + 1];
		sources[0] = ContractGame.class;
		System.arraycopy(extra, 0, sources, 1, extra.length);
		this.context = new SpringApplicationBuilder(sources).web(webApplicationType()).properties(properties).run();
		this.port = Integer.parseInt(this.context.getEnvironment().getRequiredProperty("local.server.port"));
		this.manager = this.context.getBean(SessionManager.class);
		this.game = this.context.getBean(ContractGame.class);
	}

	@AfterAll
	void stopApplication() {
		if (this.context != null) {
			this.context.close();
		}
	}

	/**
	 * The started application's port.
	 * @return the port
	 */
	protected int port() {
		return this.port;
	}

	/**
	 * The started application's context.
	 * @return the context
	 */
	protected ConfigurableApplicationContext context() {
		return this.context;
	}

	private Session sessionOf(JsonNode welcome) {
		return this.manager.findById(welcome.get("sessionId").asString()).orElseThrow();
	}

	private void awaitState(Session session, SessionState state) {
		await().atMost(Duration.ofSeconds(10)).until(() -> session.state() == state);
	}

	@Test
	void theWelcomeComesFirstWithTheSessionIdAndResumeToken() {
		try (TestConnection player = connect(Handshake.plain())) {
			JsonNode welcome = player.welcome();
			assertThat(welcome.get("type").asString()).isEqualTo("session");
			assertThat(welcome.get("resumeToken").asString()).isNotBlank();
			Session session = sessionOf(welcome);
			assertThat(session.state()).isEqualTo(SessionState.STARTED);
			assertThat(session.client()).isNotNull();
		}
	}

	@Test
	void messagesReachTheGameWithThePlayersSession() {
		try (TestConnection player = connect(Handshake.plain())) {
			String id = player.welcome().get("sessionId").asString();
			player.send("echo:hello");
			assertThat(player.nextMessage()).isEqualTo("echo hello from " + id);
			player.send("echo:again");
			assertThat(player.nextMessage()).isEqualTo("echo again from " + id);
		}
	}

	@Test
	void theResumeTokenGivesTheSameSessionOnANewConnection() {
		TestConnection first = connect(Handshake.plain());
		JsonNode welcome = first.welcome();
		Session session = sessionOf(welcome);
		first.abort();
		awaitState(session, SessionState.DISCONNECTED);
		String token = welcome.get("resumeToken").asString();
		try (TestConnection resumed = connect(Handshake.plain().parameter("resume", token))) {
			JsonNode again = resumed.welcome();
			assertThat(again.get("sessionId").asString()).isEqualTo(session.id());
			assertThat(again.get("resumeToken").asString()).isNotEqualTo(token);
			assertThat(session.state()).isEqualTo(SessionState.STARTED);
			resumed.send("echo:back");
			assertThat(resumed.nextMessage()).isEqualTo("echo back from " + session.id());
		}
	}

	@Test
	void resumingWhileTheOldConnectionIsOpenClosesTheOldOneWith4001() {
		TestConnection first = connect(Handshake.plain());
		JsonNode welcome = first.welcome();
		Session session = sessionOf(welcome);
		try (TestConnection second = connect(
				Handshake.plain().parameter("resume", welcome.get("resumeToken").asString()))) {
			assertThat(second.welcome().get("sessionId").asString()).isEqualTo(session.id());
			assertThat(first.awaitClose().code()).isEqualTo(GameCloseStatus.TAKEN_OVER);
			second.send("echo:still here");
			assertThat(second.nextMessage()).isEqualTo("echo still here from " + session.id());
			assertThat(session.state()).isEqualTo(SessionState.STARTED);
		}
	}

	@Test
	void aForeignOriginIsRefusedAndAnAllowedOneAccepted() {
		assertThatExceptionOfType(TestConnection.Refused.class)
			.isThrownBy(() -> connect(Handshake.plain().header("Origin", "http://evil.example")))
			.satisfies((refused) -> assertThat(refused.status()).isEqualTo(403));
		try (TestConnection allowed = connect(Handshake.plain().header("Origin", ALLOWED_ORIGIN))) {
			assertThat(allowed.welcome().get("type").asString()).isEqualTo("session");
		}
	}

	@Test
	void theAuthenticatedPrincipalIdentifiesTheSessionBeforeTheWelcome() {
		try (TestConnection player = connect(Handshake.plain().header(ContractGame.USER_HEADER, "carol"))) {
			JsonNode welcome = player.welcome();
			assertThat(welcome.get("userId").asString()).isEqualTo("carol");
			Session session = sessionOf(welcome);
			assertThat(session.state()).isEqualTo(SessionState.IDENTIFIED);
			assertThat(session.userId()).isEqualTo("carol");
		}
	}

	@Test
	void anOversizedMessageClosesOnlyThatConnectionWith1009() {
		try (TestConnection bystander = connect(Handshake.plain())) {
			String bystanderId = bystander.welcome().get("sessionId").asString();
			TestConnection sender = connect(Handshake.plain());
			Session session = sessionOf(sender.welcome());
			sender.send("echo:" + "x".repeat(10_000));
			assertThat(sender.awaitClose().code()).isEqualTo(1009);
			awaitState(session, SessionState.DISCONNECTED);
			bystander.send("echo:fine");
			assertThat(bystander.nextMessage()).isEqualTo("echo fine from " + bystanderId);
		}
	}

	@Test
	void loggingInElsewhereKicksTheOlderConnectionWith4000AndAReason() {
		TestConnection first = connect(Handshake.plain());
		first.welcome();
		first.send("login:bob");
		assertThat(first.nextMessage()).isEqualTo("welcome bob");
		try (TestConnection second = connect(Handshake.plain())) {
			second.welcome();
			second.send("login:bob");
			assertThat(second.nextMessage()).isEqualTo("welcome bob");
			TestConnection.Closed closed = first.awaitClose();
			assertThat(closed.code()).isEqualTo(GameCloseStatus.KICKED);
			assertThat(closed.reason()).isNotBlank();
			assertThat(this.manager.findByUserId("bob").orElseThrow().state()).isEqualTo(SessionState.IDENTIFIED);
		}
	}

	@Test
	protected void aSilentConnectionIsClosedAfterTheIdleTimeout() {
		TestConnection player = connect(Handshake.plain());
		Session session = sessionOf(player.welcome());
		assertThat(player.awaitClose().code()).isEqualTo(GameCloseStatus.IDLE_TIMEOUT);
		awaitState(session, SessionState.DISCONNECTED);
	}

	@Test
	void destroyingTheSessionOnTheServerClosesTheConnectionWith4002() {
		TestConnection player = connect(Handshake.plain());
		sessionOf(player.welcome()).destroy();
		assertThat(player.awaitClose().code()).isEqualTo(GameCloseStatus.SESSION_ENDED);
	}

	@Test
	void closingDisconnectsTheSessionAndTheLifecycleIsPublishedAsSpringEvents() {
		TestConnection player = connect(Handshake.plain());
		Session session = sessionOf(player.welcome());
		player.send("login:dave");
		assertThat(player.nextMessage()).isEqualTo("welcome dave");
		player.close();
		awaitState(session, SessionState.DESTROYED);
		assertThat(this.game.typesFor(session)).containsSubsequence(SessionStartedEvent.class,
				SessionIdentifiedEvent.class, SessionDisconnectedEvent.class);
	}

	@Test
	protected void aFullNodeRefusesNewPlayersWith503() {
		this.manager.destroy(false);
		try {
			for (int i = 0; i < MAX_SESSIONS; i++) {
				this.manager.create();
			}
			assertThatExceptionOfType(TestConnection.Refused.class).isThrownBy(() -> connect(Handshake.plain()))
				.satisfies((refused) -> {
					assertThat(refused.status()).isEqualTo(503);
					assertThat(refused.errorHeader()).isEqualTo("capacity");
				});
			assertThat(this.manager.size()).isEqualTo(MAX_SESSIONS);
		}
		finally {
			this.manager.destroy(false);
		}
	}

}
