package dev.gamesessions.samples.clicker;

import dev.gamesessions.UserDataFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The clicker game: run it and open the page it names.
 */
@SpringBootApplication
@EnableScheduling
public class ClickerApplication {

	private static final Logger logger = LoggerFactory.getLogger(ClickerApplication.class);

	public static void main(String[] args) {
		SpringApplication.run(ClickerApplication.class, args);
	}

	/** First-time players start with no coins at level 1. */
	@Bean
	UserDataFactory newPlayers() {
		return Player::newPlayer;
	}

	@EventListener
	void announce(ApplicationReadyEvent event) {
		String port = event.getApplicationContext().getEnvironment().getProperty("local.server.port");
		logger.info("Play at http://localhost:{}/", port);
	}

}
