package org.totpkit.mock.browser;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's {@code chromium}, headless, driven by Selenium through Debian's {@code chromium-driver}.
 * CI needs both (.ci/run installs them and sets TOTP_CHROMIUM=required): there a missing browser
 * fails the test; elsewhere the test is skipped with a message saying how to install them. Nothing
 * is downloaded: both binaries are named, so Selenium Manager never runs.
 */
final class HeadlessChromium {
  private HeadlessChromium() {}

  /**
   * A fresh browser with its own profile.
   *
   * @param extraArguments more chromium switches (for example {@code --host-resolver-rules=...})
   */
  static ChromeDriver startOrExplain(Path profile, String... extraArguments) {
    Optional<Path> browser = find("totp.chromium", "chromium", "chromium-browser");
    Optional<Path> driver = find("totp.chromedriver", "chromedriver");
    if (browser.isEmpty() || driver.isEmpty()) {
      String message =
          "no chromium and chromedriver on PATH: the browser tests did not run; install Debian's"
              + " chromium and chromium-driver (apt-get install chromium chromium-driver) or set"
              + " -Dtotp.chromium=... and -Dtotp.chromedriver=...";
      if ("required".equals(System.getenv("TOTP_CHROMIUM"))
          || "required".equals(System.getProperty("totp.chromium.check"))) {
        fail(message + " (TOTP_CHROMIUM=required: CI must run them)");
      }
      System.err.println("SKIPPED: " + message);
      Assumptions.abort(message);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(browser.get().toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + profile);
    options.addArguments(extraArguments);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(driver.get().toFile())
            .usingAnyFreePort()
            .build();
    ChromeDriver chrome = new ChromeDriver(service, options);
    chrome.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    chrome.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return chrome;
  }

  private static Optional<Path> find(String property, String... names) {
    String configured = System.getProperty(property, "").trim();
    if (!configured.isEmpty()) {
      return Optional.of(Path.of(configured)).filter(Files::isExecutable);
    }
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    for (String dir : path.split(File.pathSeparator)) {
      for (String name : List.of(names)) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }
}
