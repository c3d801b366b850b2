package dev.gamesessions.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README cannot rot: every Java snippet it shows is compiled, verbatim, in a test of
 * this module (the tests in {@code readme/} and beside them run them), every property its
 * YAML snippets and tables name exists, and the coordinates it gives are the ones the
 * build uses.
 */
class ReadmeTests {

	private static final Path README = Path.of("..", "README.md");

	private static final Path TEST_SOURCES = Path.of("src", "test", "java");

	private static final Pattern CODE_BLOCK = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);

	private static final String PROPERTY_TABLE_HEADER = "| property | default | meaning |";

	@Test
	void everyJavaSnippetIsCompiledInATest() throws IOException {
		List<String> snippets = codeBlocks("java");
		assertThat(snippets).hasSizeGreaterThanOrEqualTo(7);
		String testSources;
		try (Stream<Path> files = Files.walk(TEST_SOURCES)) {
			testSources = files.filter((file) -> file.toString().endsWith(".java"))
				.map(ReadmeTests::read)
				.map(ReadmeTests::normalize)
				.collect(Collectors.joining("\n"));
		}
		for (String snippet : snippets) {
			assertThat(testSources).as("a test holding this README snippet verbatim:%n%s", snippet)
				.contains(normalize(snippet));
		}
	}

	@Test
	void everyPropertyTheReadmeNamesExists() throws Exception {
		Set<String> known = knownProperties();
		List<String> named = new ArrayList<>();
		for (String yaml : codeBlocks("yaml")) {
			for (PropertySource<?> source : new YamlPropertySourceLoader().load("README",
					new ByteArrayResource(yaml.getBytes()))) {
				for (String name : ((EnumerablePropertySource<?>) source).getPropertyNames()) {
					named.add(name.replaceAll("\\[\\d+]$", ""));
				}
			}
		}
		boolean inTable = false;
		for (String line : read(README).split("\n")) {
			if (line.equals(PROPERTY_TABLE_HEADER)) {
				inTable = true;
			}
			else if (!line.startsWith("|")) {
				inTable = false;
			}
			else if (inTable && !line.startsWith("| ---")) {
				Matcher property = Pattern.compile("^\\| `([^`]+)`").matcher(line);
				assertThat(property.find()).as(line).isTrue();
				named.add("game.sessions." + property.group(1));
			}
		}
		assertThat(named).hasSizeGreaterThan(50);
		assertThat(named.stream().filter((name) -> name.startsWith("game.sessions.")))
			.allSatisfy((name) -> assertThat(known).as("known properties").contains(name));
	}

	@Test
	void defaultsInThePropertyTablesAreTheOnesTheIdeShows() throws Exception {
		Map<String, String> defaults = new HashMap<>();
		try (InputStream in = ReadmeTests.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			JsonMapper.builder().build().readTree(in).get("properties").valueStream()
				.filter((property) -> property.has("defaultValue"))
				.forEach((property) -> defaults.put(property.get("name").asString(),
						property.get("defaultValue").isArray()
								? property.get("defaultValue").valueStream().map(JsonNode::asString)
									.collect(Collectors.joining(", "))
								: property.get("defaultValue").asString()));
		}
		Pattern row = Pattern.compile("^\\| `([^`]+)` \\| `([^`]+)` \\|");
		List<String> compared = new ArrayList<>();
		boolean inTable = false;
		for (String line : read(README).split("\n")) {
			inTable = line.equals(PROPERTY_TABLE_HEADER) || (inTable && line.startsWith("|"));
			Matcher cells = row.matcher(line);
			if (inTable && cells.find()) {
				String name = "game.sessions." + cells.group(1);
				assertThat(defaults).as("IDE default of %s", name).containsEntry(name, cells.group(2));
				compared.add(name);
			}
		}
		assertThat(compared).hasSizeGreaterThan(30);
	}

	@Test
	void embeddedRedisVersionIsTheOneTheBuildUses() {
		String jar = Path.of(RedisServer.class.getProtectionDomain().getCodeSource().getLocation().getPath())
			.getFileName()
			.toString();
		Matcher version = Pattern.compile("<artifactId>embedded-redis</artifactId>\\s*<version>([^<]+)</version>")
			.matcher(read(README));
		assertThat(version.find()).as("the README gives embedded-redis a version").isTrue();
		assertThat(jar).isEqualTo("embedded-redis-" + version.group(1) + ".jar");
	}

	private static List<String> codeBlocks(String language) {
		List<String> blocks = new ArrayList<>();
		Matcher matcher = CODE_BLOCK.matcher(read(README));
		while (matcher.find()) {
			if (matcher.group(1).equals(language)) {
				blocks.add(matcher.group(2));
			}
		}
		return blocks;
	}

	private static Set<String> knownProperties() throws IOException {
		try (InputStream in = ReadmeTests.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			JsonNode metadata = JsonMapper.builder().build().readTree(in);
			return metadata.get("properties")
				.valueStream()
				.map((property) -> property.get("name").asString())
				.collect(Collectors.toSet());
		}
	}

	private static String normalize(String code) {
		return code.replaceAll("\\s+", " ").strip();
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
