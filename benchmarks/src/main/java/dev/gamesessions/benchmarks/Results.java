package dev.gamesessions.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The figures of one benchmark run, printed as they come and written as one JSON file
 * under {@code docs/benchmark-results/}, which {@link ChartWriter} reads.
 */
final class Results {

	static final Path DIRECTORY = Path.of(System.getProperty("bench.results", "docs/benchmark-results"));

	private static final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private final String benchmark;

	private final Map<String, Object> settings = new LinkedHashMap<>();

	private final List<Map<String, Object>> figures = new ArrayList<>();

	Results(String benchmark) {
		this.benchmark = benchmark;
	}

	/**
	 * Records a setting of the run (user count, forks, ...).
	 */
	Results setting(String name, Object value) {
		this.settings.put(name, value);
		System.out.printf("[%s] %s = %s%n", this.benchmark, name, value);
		return this;
	}

	/**
	 * Records a figure.
	 * @param group figures of one group share a unit and one panel of the chart
	 * @param name what was measured
	 * @param value the figure
	 * @param unit its unit
	 */
	Results figure(String group, String name, double value, String unit) {
		Map<String, Object> figure = new LinkedHashMap<>();
		figure.put("group", group);
		figure.put("name", name);
		figure.put("value", value);
		figure.put("unit", unit);
		this.figures.add(figure);
		System.out.printf("[%s] %-55s %,14.2f %s%n", this.benchmark, name, value, unit);
		return this;
	}

	/**
	 * Writes {@code <benchmark>.json} with the figures, the settings and the machine's load.
	 * @return the file
	 */
	Path write() {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("benchmark", this.benchmark);
		document.put("finishedAt", Instant.now().toString());
		document.put("loadAverage1m", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
		document.put("availableProcessors", Runtime.getRuntime().availableProcessors());
		document.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
		document.put("settings", this.settings);
		document.put("figures", this.figures);
		try {
			Files.createDirectories(DIRECTORY);
			Path file = DIRECTORY.resolve(this.benchmark + ".json");
			json.writeValue(file.toFile(), document);
			System.out.println("[" + this.benchmark + "] wrote " + file);
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** CPU time this JVM has used, all threads, GC included. */
	static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	static double perSecond(long count, long nanos) {
		return count * 1e9 / nanos;
	}

}
