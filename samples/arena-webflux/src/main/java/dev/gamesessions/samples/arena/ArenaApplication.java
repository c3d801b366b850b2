package dev.gamesessions.samples.arena;

import dev.gamesessions.UserDataFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

/**
 * The arena: a reactive game server (WebFlux on Reactor Netty). Run it and connect a
 * WebSocket client to the address it names.
 */
@SpringBootApplication
public class ArenaApplication {

	private static final Logger logger = LoggerFactory.getLogger(ArenaApplication.class);

	public static void main(String[] args) {
		SpringApplication.run(ArenaApplication.class, args);
	}

	/** First-time fighters start with no hits. */
	@Bean
	UserDataFactory newFighters() {
		return Fighter::newFighter;
	}

	@EventListener
	void announce(ApplicationReadyEvent event) {
		String port = event.getApplicationContext().getEnvironment().getProperty("local.server.port");
		logger.info("Fight at ws://localhost:{}/arena (send {\"type\":\"join\",\"name\":\"you\"}, then "
				+ "{\"type\":\"hit\"}); who you are: http://localhost:{}/api/me", port, port);
	}

}
