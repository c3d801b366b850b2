package dev.gamesessions.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time used so far by the local processes of one command name (such as
 * {@code postgres}: the postmaster and every backend), from {@code /proc/<pid>/stat}.
 * Time of processes that have exited is not counted, so take both readings while the
 * pool's connections stay open. Linux only; NaN elsewhere.
 */
final class ServerCpu {

	/** Clock ticks per second of {@code /proc} times ({@code getconf CLK_TCK}, 100 on Linux). */
	private static final double TICKS_PER_SECOND = 100;

	private final String command;

	ServerCpu(String command) {
		this.command = command;
	}

	/** Seconds of user and system CPU time of the processes now running. */
	double seconds() {
		try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
			return processes.filter((path) -> path.getFileName().toString().chars().allMatch(Character::isDigit))
				.mapToDouble(this::secondsOf)
				.sum();
		}
		catch (IOException ex) {
			return Double.NaN;
		}
	}

	private double secondsOf(Path process) {
		try {
			String stat = Files.readString(process.resolve("stat"));
			int open = stat.indexOf('(');
			int close = stat.lastIndexOf(')');
			if (!stat.substring(open + 1, close).equals(this.command)) {
				return 0;
			}
			String[] fields = stat.substring(close + 2).split(" ");
			// fields[0] is field 3 (state); utime and stime are fields 14 and 15
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
		}
		catch (IOException | RuntimeException ex) {
			return 0; // the process has exited
		}
	}

}
