package org.totpkit.mock.console;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's {@code chromium}, headless, driven by Debian's {@code chromedriver} (package
 * chromium-driver) through Selenium. CI needs them (.ci/run installs both and sets
 * TOTP_CHROMIUM=required): there a missing one fails the test. Elsewhere the test is skipped with a
 * message saying how to install them. Selenium Manager is never asked: both paths are given.
 */
final class ConsoleBrowser implements AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(15);

  final ChromeDriver driver;
  private final Path profile;

  private ConsoleBrowser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** A fresh headless browser, or the test skipped (failed under TOTP_CHROMIUM=required). */
  static ConsoleBrowser startOrExplain() {
    Optional<Path> chromium = executable("totp.chromium", "/usr/bin/chromium");
    Optional<Path> chromedriver = executable("totp.chromedriver", "/usr/bin/chromedriver");
    if (chromium.isEmpty() || chromedriver.isEmpty()) {
      String message =
          "no chromium or chromedriver: the web console was not driven in a browser; install"
              + " Debian's chromium and chromium-driver (apt-get install chromium-driver) or set"
              + " -Dtotp.chromium=/path/to/chromium -Dtotp.chromedriver=/path/to/chromedriver";
      if ("required".equals(System.getenv("TOTP_CHROMIUM"))
          || "required".equals(System.getProperty("totp.chromium.check"))) {
        fail(message + " (TOTP_CHROMIUM=required: CI must check it)");
      }
      System.err.println("SKIPPED: " + message);
      Assumptions.abort(message);
    }
    Path profile;
    try {
      profile = Files.createTempDirectory("console-chromium");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.get().toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,2000",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver.get().toFile())
            .usingAnyFreePort()
            .build();
    return new ConsoleBrowser(new ChromeDriver(service, options), profile);
  }

  WebDriverWait waiting() {
    return new WebDriverWait(driver, WAIT);
  }

  /** Waits until the element {@code by} finds shows exactly {@code text}. */
  void waitForText(By by, String text) {
    waiting()
        .withMessage(() -> by + " to show '" + text + "', it shows '" + textOf(by) + "'")
        .until(d -> text.equals(textOf(by)));
  }

  /** The text of the first element {@code by} finds, or null when there is none (yet). */
  String textOf(By by) {
    var found = driver.findElements(by);
    if (found.isEmpty()) {
      return null;
    }
    try {
      return found.get(0).getText();
    } catch (org.openqa.selenium.StaleElementReferenceException redrawn) {
      return null;
    }
  }

  /**
   * With {@code -Dtotp.console.screenshots=DIR} (docs/console.md says how), the window as a PNG in
   * DIR; otherwise nothing.
   */
  void screenshot(String name) {
    String dir = System.getProperty("totp.console.screenshots", "").trim();
    if (dir.isEmpty()) {
      return;
    }
    try {
      Path target = Path.of(dir).resolve(name + ".png");
      Files.createDirectories(target.getParent());
      Files.write(target, driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  WebDriver driver() {
    return driver;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // A temporary profile left behind is harmless.
      }
    }
  }

  private static Optional<Path> executable(String property, String debianPath) {
    String configured = System.getProperty(property, "").trim();
    Path path = Path.of(configured.isEmpty() ? debianPath : configured);
    return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
  }
}
