package dev.gamesessions.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import dev.gamesessions.benchmarks.WebSocketNodes.Measurement;

/**
 * WebSocket scale: the starter's endpoint against a plain Spring {@code WebSocketHandler},
 * both echoing, for each connection count, on one app node or on several (see
 * {@link WebSocketNodes}); both apps are always measured on the same number of nodes. On
 * each stack of {@code --stacks=tomcat,netty}: Tomcat (servlet) and WebFlux on Reactor
 * Netty (the starter by default, and with {@code websocket.event-loop-handler=true}), so that
 * one run reports both side by side, each against its own plain handler.
 * <p>
 * Options: {@code --connections=2000,19000,24000} (in total, over all nodes of the level)
 * and {@code --nodes=1,1,2} (the node count of each level, or one count for all of them):
 * a process may hold at most 20,000 open files here, so a single node stops short of
 * 20,000 connections. {@code --rate=2000} (echo messages per second in total),
 * {@code --seconds=10} (echo phase), {@code --app-heap=3g} (each app node),
 * {@code --driver-heap=2g} (each driver), {@code --repeats=1} (runs of each mode, taken in
 * turns; the median of each figure is reported), {@code --sessions-8kb=false} (also the
 * starter with {@code max-message-size=8KB}, which is now its default), {@code --stacks=tomcat,netty}
 * ({@code tomcat}, {@code netty} or both), {@code --modes=} (instead of the stacks' modes, a
 * list of modes, such as {@code sessions,sessions-noping,plain}: {@code sessions-noping} is
 * the starter with its heartbeat off, to tell the heartbeat's pings from the cost of each
 * message).
 */
public final class WebSocketBenchmark {

	private WebSocketBenchmark() {
	}

	public static void main(String[] arguments) throws Exception {
		Args args = new Args(arguments);
		int[] levels = counts(args.get("connections", "2000,19000,24000"));
		int[] nodes = counts(args.get("nodes", "1,1,2"));
		if (nodes.length == 1) {
			nodes = fill(levels.length, nodes[0]);
		}
		if (nodes.length != levels.length) {
			throw new IllegalArgumentException("--nodes needs one count, or one for each of --connections");
		}
		int rate = args.getInt("rate", 2000);
		int seconds = args.getInt("seconds", 10);
		int repeats = args.getInt("repeats", 1);
		String appHeap = args.get("app-heap", "3g");
		String driverHeap = args.get("driver-heap", "2g");
		boolean withSmallBuffers = Boolean.parseBoolean(args.get("sessions-8kb", "false"));
		List<String> stacks = List.of(args.get("stacks", "tomcat,netty").split(","));
		Results results = new Results("websocket");
		results.setting("connections", Arrays.toString(levels))
			.setting("nodes", Arrays.toString(nodes))
			.setting("echoRatePerSecond", rate)
			.setting("echoSeconds", seconds)
			.setting("repeats", repeats)
			.setting("appHeap", appHeap)
			.setting("driverHeap", driverHeap)
			.setting("sessions8kb", withSmallBuffers)
			.setting("stacks", stacks);
		List<String> modes = new ArrayList<>();
		for (String stack : stacks) {
			switch (stack.trim()) {
				case "tomcat" -> {
					modes.addAll(List.of("sessions", "plain"));
					if (withSmallBuffers) {
						modes.add(WebSocketNodes.SESSIONS_8KB);
					}
				}
				case "netty" -> modes.addAll(List.of("sessions" + WebSocketNodes.NETTY, WebSocketNodes.SESSIONS_EVENT_LOOP_NETTY,
						"plain" + WebSocketNodes.NETTY));
				default -> throw new IllegalArgumentException("--stacks takes tomcat, netty or both, not " + stack);
			}
		}
		String explicit = args.get("modes", "");
		if (!explicit.isBlank()) {
			modes = new ArrayList<>(List.of(explicit.split(",")));
			results.setting("modes", modes);
		}
		List<Measurement> all = new ArrayList<>();
		for (int level = 0; level < levels.length; level++) {
			Map<String, List<Measurement>> byMode = new LinkedHashMap<>();
			for (int repeat = 0; repeat < repeats; repeat++) {
				// In turns, the first mode alternating, so that a drift in the machine's load hits both alike.
				List<String> order = new ArrayList<>(modes);
				if (repeat % 2 == 1) {
					Collections.reverse(order);
				}
				for (String mode : order) {
					Measurement measured = run(mode, nodes[level], levels[level], rate, seconds, appHeap, driverHeap);
					System.out.println("[websocket] " + measured);
					byMode.computeIfAbsent(mode, (key) -> new ArrayList<>()).add(measured);
					all.add(measured);
				}
			}
			String suffix = " (" + describe(levels[level], nodes[level]) + ")";
			for (List<Measurement> measured : byMode.values()) {
				report(results, measured);
			}
			for (String[] pair : new String[][] { { "sessions", "plain", " on Tomcat" },
					{ WebSocketNodes.SESSIONS_NO_PING, "plain", " on Tomcat, heartbeat off" },
					{ "sessions" + WebSocketNodes.NETTY, "plain" + WebSocketNodes.NETTY, " on Netty" },
					{ WebSocketNodes.SESSIONS_EVENT_LOOP_NETTY, "plain" + WebSocketNodes.NETTY,
							" on Netty, event-loop handler" } }) {
				List<Measurement> sessions = byMode.get(pair[0]);
				List<Measurement> plain = byMode.get(pair[1]);
				if (sessions == null || plain == null) {
					continue;
				}
				String on = pair[2] + suffix;
				results.figure("ratio", "handshakes/s sessions / plain" + on,
						median(sessions, Measurement::handshakesPerSecond)
								/ median(plain, Measurement::handshakesPerSecond),
						"x");
				results.figure("ratio", "p99 round trip sessions / plain" + on,
						median(sessions, Measurement::p99Millis) / median(plain, Measurement::p99Millis), "x");
				results.figure("ratio", "app CPU per handshake sessions / plain" + on,
						median(sessions, Measurement::appCpuMicrosPerHandshake)
								/ median(plain, Measurement::appCpuMicrosPerHandshake),
						"x");
				results.figure("ratio", "app CPU per echo sessions / plain" + on,
						median(sessions, Measurement::appCpuMicrosPerEcho)
								/ median(plain, Measurement::appCpuMicrosPerEcho),
						"x");
				results.figure("ratio", "app allocation per echo sessions / plain" + on,
						median(sessions, Measurement::appAllocBytesPerEcho)
								/ median(plain, Measurement::appAllocBytesPerEcho),
						"x");
				results.figure("ratio", "heap per idle connection sessions / plain" + on,
						median(sessions, Measurement::heapBytesPerConnection)
								/ median(plain, Measurement::heapBytesPerConnection),
						"x");
			}
			List<Measurement> tomcat = byMode.get("sessions");
			List<Measurement> netty = byMode.get("sessions" + WebSocketNodes.NETTY);
			if (tomcat != null && netty != null) {
				results.figure("ratio", "heap per idle connection sessions Netty / Tomcat" + suffix,
						median(netty, Measurement::heapBytesPerConnection)
								/ median(tomcat, Measurement::heapBytesPerConnection),
						"x");
				results.figure("ratio", "p99 round trip sessions Netty / Tomcat" + suffix,
						median(netty, Measurement::p99Millis) / median(tomcat, Measurement::p99Millis), "x");
			}
		}
		results.setting("runs", all);
		results.write();
	}

	private static Measurement run(String mode, int nodes, int connections, int rate, int seconds, String appHeap,
			String driverHeap) throws Exception {
		try (WebSocketNodes started = WebSocketNodes.start(mode, nodes, appHeap, driverHeap)) {
			return started.measure(connections, rate, seconds);
		}
	}

	/** The median of each figure over the repeats; the worst for connections held and failed handshakes. */
	private static void report(Results results, List<Measurement> measured) {
		Measurement first = measured.get(0);
		String name = first.mode() + ", " + describe(first.connections(), first.nodes());
		results.figure("connections held", name,
				measured.stream().mapToInt(Measurement::held).min().orElseThrow(), "connections");
		results.figure("failed handshakes", name,
				measured.stream().mapToInt(Measurement::failedHandshakes).max().orElseThrow(), "count");
		results.figure("handshakes/s", name, median(measured, Measurement::handshakesPerSecond), "handshakes/s");
		results.figure("round trip p50", name, median(measured, Measurement::p50Millis), "ms");
		results.figure("round trip p99", name, median(measured, Measurement::p99Millis), "ms");
		results.figure("heap per idle connection", name, median(measured, Measurement::heapBytesPerConnection),
				"bytes");
		results.figure("app CPU per handshake", name, median(measured, Measurement::appCpuMicrosPerHandshake), "µs");
		results.figure("app CPU per echo", name, median(measured, Measurement::appCpuMicrosPerEcho), "µs");
		results.figure("app allocation per handshake", name, median(measured, Measurement::appAllocBytesPerHandshake),
				"bytes");
		results.figure("app allocation per echo", name, median(measured, Measurement::appAllocBytesPerEcho), "bytes");
		// The starter pings every connection each heartbeat; a plain handler does not.
		results.figure("heartbeat pings while echoing", name,
				median(measured, Measurement::heartbeatPingsWhileEchoing), "count");
	}

	private static String describe(int connections, int nodes) {
		return connections + " connections, " + nodes + ((nodes == 1) ? " node" : " nodes");
	}

	private static double median(List<Measurement> measured, ToDoubleFunction<Measurement> figure) {
		double[] values = measured.stream().mapToDouble(figure).sorted().toArray();
		int middle = values.length / 2;
		return (values.length % 2 == 1) ? values[middle] : (values[middle - 1] + values[middle]) / 2;
	}

	private static int[] counts(String list) {
		return Arrays.stream(list.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
	}

	private static int[] fill(int length, int value) {
		int[] filled = new int[length];
		Arrays.fill(filled, value);
		return filled;
	}

}
