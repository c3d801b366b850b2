package dev.gamesessions.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Draws {@code docs/images/benchmarks.png} from the result files under
 * {@code docs/benchmark-results/}: one panel of horizontal bars per benchmark and group of
 * figures sharing a unit. Also writes every figure as a Markdown table,
 * {@code docs/benchmark-results/summary.md}, for docs/benchmarks.md.
 * <p>
 * Options: {@code --output=docs/images/benchmarks.png}.
 */
public final class ChartWriter {

	/** Groups that are details of a table, not bars worth drawing. */
	private static final Set<String> NOT_DRAWN = Set.of("error", "failed handshakes", "commands", "batch size",
			"commands per write", "Redis busy");

	private static final int WIDTH = 1200;

	private static final int LABEL_WIDTH = 520;

	private static final int BAR_HEIGHT = 22;

	private static final int PANEL_GAP = 46;

	private static final Color[] COLORS = { new Color(0x2E7D32), new Color(0x1565C0), new Color(0xEF6C00),
			new Color(0x6A1B9A), new Color(0xAD1457), new Color(0x00838F) };

	private ChartWriter() {
	}

	record Bar(String name, double value, String unit) {
	}

	public static void main(String[] arguments) throws IOException {
		Args args = new Args(arguments);
		Path output = Path.of(args.get("output", "docs/images/benchmarks.png"));
		Map<String, List<Bar>> all = readPanels();
		writeSummary(all, Results.DIRECTORY.resolve("summary.md"));
		Map<String, List<Bar>> panels = new LinkedHashMap<>();
		all.forEach((title, bars) -> {
			if (NOT_DRAWN.stream().noneMatch((group) -> title.endsWith(": " + group))) {
				panels.put(title, bars);
			}
		});
		if (panels.isEmpty()) {
			throw new IllegalStateException("No results under " + Results.DIRECTORY + "; run a benchmark first");
		}
		int height = 60;
		for (List<Bar> bars : panels.values()) {
			height += PANEL_GAP + bars.size() * BAR_HEIGHT;
		}
		BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, WIDTH, height);
		g.setColor(Color.BLACK);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
		g.drawString("Game Sessions benchmarks (drawn from docs/benchmark-results/*.json)", 16, 32);
		int y = 60;
		int panel = 0;
		for (Map.Entry<String, List<Bar>> entry : panels.entrySet()) {
			y = drawPanel(g, entry.getKey(), entry.getValue(), y, COLORS[panel++ % COLORS.length]);
		}
		g.dispose();
		Files.createDirectories(output.toAbsolutePath().getParent());
		ImageIO.write(image, "png", output.toFile());
		System.out.println("[chart] wrote " + output);
	}

	private static Map<String, List<Bar>> readPanels() throws IOException {
		JsonMapper json = JsonMapper.builder().build();
		Map<String, List<Bar>> panels = new LinkedHashMap<>();
		List<Path> files;
		try (Stream<Path> listing = Files.list(Results.DIRECTORY)) {
			files = listing.filter((path) -> path.toString().endsWith(".json") && !path.toString().endsWith("-raw.json"))
				.sorted()
				.toList();
		}
		for (Path file : files) {
			JsonNode document = json.readTree(file.toFile());
			String benchmark = document.get("benchmark").asString();
			for (JsonNode figure : document.get("figures")) {
				String group = figure.get("group").asString();
				double value = figure.get("value").asDouble();
				if (Double.isFinite(value)) {
					panels.computeIfAbsent(benchmark + ": " + group, (key) -> new ArrayList<>())
						.add(new Bar(figure.get("name").asString(), value, figure.get("unit").asString()));
				}
			}
		}
		return panels;
	}

	private static void writeSummary(Map<String, List<Bar>> panels, Path file) throws IOException {
		StringBuilder table = new StringBuilder("| benchmark: group | figure | value | unit |\n| --- | --- | ---: | --- |\n");
		panels.forEach((title, bars) -> bars.forEach((bar) -> table.append(String.format("| %s | %s | %,.2f | %s |%n",
				title, bar.name(), bar.value(), bar.unit()))));
		Files.writeString(file, table);
		System.out.println("[chart] wrote " + file);
	}

	private static int drawPanel(Graphics2D g, String title, List<Bar> bars, int top, Color color) {
		double max = bars.stream().mapToDouble(Bar::value).max().orElse(1);
		g.setColor(Color.BLACK);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
		g.drawString(title + " (" + bars.get(0).unit() + ")", 16, top + 20);
		int y = top + 30;
		int barSpace = WIDTH - LABEL_WIDTH - 150;
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		for (Bar bar : bars) {
			g.setColor(Color.DARK_GRAY);
			g.drawString(bar.name(), 16, y + 15);
			int length = (max > 0) ? (int) Math.round(barSpace * bar.value() / max) : 0;
			g.setColor(color);
			g.fillRect(LABEL_WIDTH, y + 3, Math.max(1, length), BAR_HEIGHT - 6);
			g.setColor(Color.BLACK);
			g.drawString(String.format("%,.2f", bar.value()), LABEL_WIDTH + Math.max(1, length) + 6, y + 15);
			y += BAR_HEIGHT;
		}
		g.setColor(Color.LIGHT_GRAY);
		g.setStroke(new BasicStroke(1));
		g.drawLine(16, y + PANEL_GAP / 2 - 4, WIDTH - 16, y + PANEL_GAP / 2 - 4);
		return y + 16;
	}

}
