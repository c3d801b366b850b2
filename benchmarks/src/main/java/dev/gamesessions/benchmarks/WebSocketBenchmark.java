package dev.gamesessions.benchmarks;

import java.util.ArrayList;
import java.util.List;

import dev.gamesessions.benchmarks.WebSocketLoadDriver.Measurement;

/**
 * WebSocket scale: the starter's endpoint against a plain Spring {@code WebSocketHandler},
 * both echoing, for each connection count.
 * <p>
 * Options: {@code --connections=2000,19000} (the process limit of open files here is
 * 20,000, for the app and for the driver), {@code --rate=2000} (echo messages per second),
 * {@code --seconds=10} (echo phase), {@code --app-heap=6g} (both apps),
 * {@code --sessions-8kb=true} (also the starter with {@code max-message-size=8KB}).
 */
public final class WebSocketBenchmark {

	private static final int FIRST_PORT = 18080;

	private WebSocketBenchmark() {
	}

	public static void main(String[] arguments) throws Exception {
		Args args = new Args(arguments);
		String levels = args.get("connections", "2000,19000");
		int rate = args.getInt("rate", 2000);
		int seconds = args.getInt("seconds", 10);
		String appHeap = args.get("app-heap", "6g");
		boolean withSmallBuffers = Boolean.parseBoolean(args.get("sessions-8kb", "true"));
		Results results = new Results("websocket");
		results.setting("connections", levels).setting("echoRatePerSecond", rate).setting("echoSeconds", seconds)
			.setting("appHeap", appHeap).setting("sessions8kb", withSmallBuffers).setting("driverHeap", Runtime.getRuntime().maxMemory());
		WebSocketLoadDriver driver = new WebSocketLoadDriver();
		int port = FIRST_PORT;
		List<Measurement> all = new ArrayList<>();
		for (String level : levels.split(",")) {
			int connections = Integer.parseInt(level.trim());
			Measurement sessions = driver.run("sessions", port++, connections, rate, seconds, appHeap);
			Measurement plain = driver.run("plain", port++, connections, rate, seconds, appHeap);
			List<Measurement> measured = new ArrayList<>(List.of(sessions, plain));
			if (withSmallBuffers) {
				measured.add(driver.run(WebSocketLoadDriver.SESSIONS_8KB, port++, connections, rate, seconds, appHeap));
			}
			for (Measurement measurement : measured) {
				report(results, measurement);
				all.add(measurement);
			}
			String suffix = " (" + connections + " connections)";
			results.figure("ratio", "handshakes/s sessions / plain" + suffix,
					sessions.handshakesPerSecond() / plain.handshakesPerSecond(), "x");
			results.figure("ratio", "p99 round trip sessions / plain" + suffix, sessions.p99Millis() / plain.p99Millis(),
					"x");
		}
		results.setting("runs", all);
		results.write();
	}

	private static void report(Results results, Measurement measurement) {
		String name = measurement.mode() + ", " + measurement.connections() + " connections";
		results.figure("handshakes/s", name, measurement.handshakesPerSecond(), "handshakes/s");
		results.figure("round trip p50", name, measurement.p50Millis(), "ms");
		results.figure("round trip p99", name, measurement.p99Millis(), "ms");
		results.figure("heap per idle connection", name, measurement.heapBytesPerConnection(), "bytes");
		results.figure("failed handshakes", name, measurement.failedHandshakes(), "count");
	}

}
