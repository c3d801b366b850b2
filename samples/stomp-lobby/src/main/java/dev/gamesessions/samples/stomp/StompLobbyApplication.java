package dev.gamesessions.samples.stomp;

import dev.gamesessions.UserDataFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The STOMP lobby: run it and open http://localhost:8080/ in two windows.
 */
@SpringBootApplication
public class StompLobbyApplication {

	/**
	 * A first-time player's data.
	 * @return the factory
	 */
	@Bean
	UserDataFactory newPlayer() {
		return (userId) -> new Player(userId, 0);
	}

	public static void main(String[] args) {
		SpringApplication.run(StompLobbyApplication.class, args);
	}

}
