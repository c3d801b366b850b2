package dev.gamesessions.samples.clicker;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Plays the page in a real headless Chromium (Debian's {@code /usr/bin/chromium} and
 * {@code /usr/bin/chromedriver}; nothing is downloaded). Run with
 * {@code -Dclicker.screenshot=<file.png>} to save a screenshot of two players.
 */
class ClickerBrowserTests {

	private static final String CHROMIUM = "/usr/bin/chromium";

	private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

	@TempDir
	Path profiles;

	private final List<WebDriver> browsers = new ArrayList<>();

	private ConfigurableApplicationContext game;

	@BeforeAll
	static void chromiumInstalled() {
		Assumptions.assumeTrue(new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute(),
				"Chromium or chromedriver not installed: skipping browser test (apt-get install chromium chromium-driver)");
	}

	@AfterEach
	void stop() {
		this.browsers.forEach(WebDriver::quit);
		if (this.game != null) {
			this.game.close();
		}
	}

	@Test
	void progressSurvivesAReloadAndARestart() {
		startGame(0);
		WebDriver ann = openBrowser();
		open(ann);
		logIn(ann, "ann");
		clickCoins(ann, 12);
		waitForText(ann, "level", "2");
		ann.findElement(By.id("buy-hat")).click();
		waitForText(ann, "items", "hat");
		waitForText(ann, "coins", "7");

		ann.navigate().refresh();
		waitForText(ann, "session", "(resumed)");
		waitForText(ann, "who", "Playing as ann");
		waitForText(ann, "coins", "7");
		waitForText(ann, "items", "hat");

		int port = port();
		this.game.close();
		waitForText(ann, "connection", "offline");
		startGame(port);
		// The page comes back on its own: its old session is gone, so it logs in again by name.
		waitForText(ann, "connection", "online");
		waitForText(ann, "who", "Playing as ann");
		waitForText(ann, "coins", "7");
		waitForText(ann, "items", "hat");
		waitForText(ann, "events", "ann logged in");
	}

	@Test
	void playersSeeEachOtherAndASecondLoginKicksTheFirst() throws IOException {
		startGame(0);
		WebDriver cid = openBrowser();
		WebDriver dee = openBrowser();
		open(cid);
		open(dee);
		logIn(cid, "cid");
		logIn(dee, "dee");
		clickCoins(dee, 10);
		waitForText(cid, "players", "dee · level 2");
		waitForText(dee, "players", "cid · level 1");
		waitForText(cid, "events", "dee joined for the first time");
		dee.findElement(By.id("buy-hat")).click();
		waitForText(dee, "notice", "Bought a hat: saved, 5 coins left");
		saveScreenshot(dee);

		dee.findElement(By.id("logout")).click();
		waitForText(dee, "who", "Playing anonymously");
		logIn(dee, "cid");
		waitForText(cid, "kicked", "Kicked: Logged in from another session (close code 4000)");
		waitForText(dee, "players", "cid · level 1 (you)");
	}

	private void startGame(int port) {
		// The embedded Redis keeps its data in a directory of this test: a restart finds it.
		// Arguments, not default properties: they must win over application.yml.
		this.game = new SpringApplicationBuilder(ClickerApplication.class).run("--server.port=" + port,
				"--game.sessions.redis.embedded.data-directory=" + this.profiles.resolve("redis"));
	}

	private int port() {
		return Integer.parseInt(this.game.getEnvironment().getProperty("local.server.port"));
	}

	private WebDriver openBrowser() {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--window-size=1100,900", "--user-data-dir=" + this.profiles.resolve("browser" + this.browsers.size()));
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File(CHROMEDRIVER))
			.usingAnyFreePort()
			.build();
		WebDriver browser = new ChromeDriver(service, options);
		this.browsers.add(browser);
		return browser;
	}

	private void open(WebDriver browser) {
		browser.get("http://localhost:" + port() + "/");
		waitForText(browser, "who", "Playing anonymously");
	}

	private static void logIn(WebDriver browser, String name) {
		WebElement field = browser.findElement(By.id("name"));
		field.clear();
		field.sendKeys(name);
		browser.findElement(By.id("login-button")).click();
		waitForText(browser, "who", "Playing as " + name);
	}

	private static void clickCoins(WebDriver browser, int clicks) {
		int coins = Integer.parseInt(browser.findElement(By.id("coins")).getText());
		for (int i = 0; i < clicks; i++) {
			browser.findElement(By.id("click")).click();
		}
		waitForText(browser, "coins", String.valueOf(coins + clicks));
	}

	private static void waitForText(WebDriver browser, String id, String text) {
		new WebDriverWait(browser, Duration.ofSeconds(10))
			.until(ExpectedConditions.textToBePresentInElementLocated(By.id(id), text));
	}

	private static void saveScreenshot(WebDriver browser) throws IOException {
		String target = System.getProperty("clicker.screenshot");
		if (target != null) {
			File png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
			Files.copy(png.toPath(), Path.of(target), StandardCopyOption.REPLACE_EXISTING);
		}
	}

}
