package dev.gamesessions.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * The peer: Spring Session sessions, each holding one {@link Payload} player as its
 * {@code user} attribute, saved one by one as a web request would.
 *
 * @param <S> the repository's session type
 */
final class SpringSessions<S extends Session> {

	private final SessionRepository<S> repository;

	private final List<S> sessions;

	private final List<Map<String, Object>> players;

	private int round;

	/**
	 * Creates and saves {@code count} sessions.
	 */
	SpringSessions(SessionRepository<S> repository, int count) {
		this.repository = repository;
		this.sessions = new ArrayList<>(count);
		this.players = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			S session = repository.createSession();
			Map<String, Object> player = Payload.player(i);
			session.setAttribute("user", player);
			repository.save(session);
			this.sessions.add(session);
			this.players.add(player);
		}
	}

	/**
	 * Mutates every player and saves its session with {@code SessionRepository.save}.
	 * @return the nanoseconds it took
	 */
	long saveAll() {
		this.round++;
		long start = System.nanoTime();
		for (int i = 0; i < this.sessions.size(); i++) {
			Payload.mutate(this.players.get(i), this.round);
			S session = this.sessions.get(i);
			session.setAttribute("user", this.players.get(i));
			this.repository.save(session);
		}
		return System.nanoTime() - start;
	}

	/**
	 * Mutates every player and saves its session, the sessions split over {@code threads}
	 * threads as request threads would save them.
	 * @return the nanoseconds it took
	 */
	long saveAll(int threads) {
		int round = ++this.round;
		return Parallel.time(threads, this.sessions.size(), (i) -> {
			Payload.mutate(this.players.get(i), round);
			S session = this.sessions.get(i);
			session.setAttribute("user", this.players.get(i));
			this.repository.save(session);
		});
	}

	int size() {
		return this.sessions.size();
	}

}
