package dev.gamesessions.benchmarks;

import java.nio.file.Files;
import java.util.Collection;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link LifecycleBenchmark} with JMH (one fork, 2 × 2 s warm-up, 3 × 3 s
 * measurement by default) and writes JMH's own JSON beside our summary.
 * <p>
 * Options: {@code --forks=1}, {@code --warmups=3}, {@code --iterations=3};
 * {@code --prof=gc} adds a JMH profiler (here the allocation per operation, reported as
 * secondary results); {@code --include=lifecycle} runs only the benchmarks whose name
 * matches that regular expression; {@code --jvm-args="-XX:StartFlightRecording=..."}
 * appends JVM options to the forks (space-separated).
 */
public final class EngineBenchmarks {

	private EngineBenchmarks() {
	}

	public static void main(String[] arguments) throws Exception {
		Args args = new Args(arguments);
		int forks = args.getInt("forks", 1);
		int warmups = args.getInt("warmups", 3);
		int iterations = args.getInt("iterations", 3);
		Results results = new Results("engine-jmh");
		results.setting("forks", forks).setting("warmupIterations", warmups + " x 2s")
			.setting("measurementIterations", iterations + " x 3s").setting("threads", 1);
		Files.createDirectories(Results.DIRECTORY);
		String include = args.get("include", "");
		String profiler = args.get("prof", "");
		String jvmArgs = args.get("jvm-args", "");
		ChainedOptionsBuilder builder = new OptionsBuilder()
			.include(LifecycleBenchmark.class.getName() + (include.isEmpty() ? "" : "\\.(" + include + ")$"))
			.forks(forks)
			.warmupIterations(warmups)
			.warmupTime(TimeValue.seconds(2))
			.measurementIterations(iterations)
			.measurementTime(TimeValue.seconds(3))
			.threads(1)
			.jvmArgs("-Xmx1g", "-XX:+UseG1GC")
			.resultFormat(ResultFormatType.JSON)
			.result(Results.DIRECTORY.resolve("engine-jmh-raw.json").toString());
		if (!profiler.isEmpty()) {
			builder.addProfiler(profiler);
		}
		if (!jvmArgs.isBlank()) {
			builder.jvmArgsAppend(jvmArgs.trim().split("\\s+"));
		}
		Options options = builder.build();
		Collection<RunResult> runs = new Runner(options).run();
		for (RunResult run : runs) {
			String method = run.getParams().getBenchmark();
			String name = method.substring(method.lastIndexOf('.') + 1) + " (" + run.getParams().getParam("listeners")
					+ " listeners)";
			results.figure(method.endsWith("lifecycle") ? "lifecycles/s" : "events/s", name,
					run.getPrimaryResult().getScore(), "ops/s");
			results.figure("error", name + " ± (99.9%)", run.getPrimaryResult().getScoreError(), "ops/s");
			run.getSecondaryResults().forEach((label, result) -> {
				if (label.endsWith("gc.alloc.rate.norm")) {
					results.figure("allocation", name, result.getScore(), result.getScoreUnit());
				}
			});
		}
		results.write();
	}

}
