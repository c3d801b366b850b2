package dev.gamesessions.benchmarks;

import java.util.HashMap;
import java.util.Map;

/**
 * Command-line options of the form {@code --name=value}.
 */
final class Args {

	private final Map<String, String> values = new HashMap<>();

	Args(String[] args) {
		for (String arg : args) {
			if (!arg.startsWith("--") || !arg.contains("=")) {
				throw new IllegalArgumentException("Expected --name=value, got '" + arg + "'");
			}
			int equals = arg.indexOf('=');
			this.values.put(arg.substring(2, equals), arg.substring(equals + 1));
		}
	}

	String get(String name, String defaultValue) {
		return this.values.getOrDefault(name, defaultValue);
	}

	int getInt(String name, int defaultValue) {
		String value = this.values.get(name);
		return (value != null) ? Integer.parseInt(value.replace("_", "")) : defaultValue;
	}

}
