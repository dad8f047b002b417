package org.totpkit.mock.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.totpkit.contract.hooks.model.CreatedUser;
import org.totpkit.mock.junit.HooksClient;
import org.totpkit.mock.junit.TotpMockServerExtension;
import org.totpkit.mock.testing.JceTotp;
import org.totpkit.mock.testing.PendingRegistration;
import org.totpkit.mock.testing.RawHttp;
import org.totpkit.mock.testing.Reply;
import org.totpkit.mock.testing.ResetAfterEach;
import org.totpkit.mock.testing.TestEngine;

/**
 * The web console driven as a client developer uses it, in headless Chromium: freeze the clock,
 * enrol a user from the page and scan its QR code, watch the shown code follow the clock, see a
 * failed verify in the log with its reason, set the lockout policy and see a lock come and go, and
 * remove a stub. Every wait is Selenium's; nothing sleeps.
 */
class ConsoleBrowserTest {
  @RegisterExtension static TotpMockServerExtension mock = TestEngine.onFreePort();
  @RegisterExtension static ResetAfterEach reset = new ResetAfterEach(mock);

  private static final DateTimeFormatter SHOWN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  static ConsoleBrowser browser;

  final HooksClient hooks = mock.hooks();
  final RawHttp api = new RawHttp(mock.baseUrl());

  @BeforeAll
  static void startBrowser() {
    browser = ConsoleBrowser.startOrExplain();
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @BeforeEach
  void openTheConsole() {
    browser.driver.get(mock.baseUrl() + "/__admin/console");
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("main")));
    browser.waitForText(By.id("status"), "Connected.");
  }

  @Test
  void enrolFromThePageScanItsQrCodeAndWatchTheCodeFollowTheClock() throws Exception {
    click("clock-freeze");
    browser.waitForText(By.id("clock-mode"), "frozen");
    long frozen = hooks.clock().getEpochMillis();
    assertThat(hooks.clock().getFrozen()).isTrue();
    browser.waitForText(By.id("clock-time"), shown(frozen));

    // A login name with markup in it is shown as text.
    String login = "<img src=x id=injected>ada@acme.example";
    type("create-user-login", login);
    click("create-user");
    browser
        .waiting()
        .until(d -> String.valueOf(browser.textOf(By.id("selected-user"))).startsWith(login));
    browser.waitForText(By.id("selected-user"), login + " (" + newestUserId() + ")");
    browser.waiting().until(d -> d.findElements(By.cssSelector("#users-rows tr")).size() == 1);
    browser.waitForText(By.cssSelector("#users-rows tr td"), login);
    assertThat(browser.driver.findElements(By.id("injected"))).isEmpty();

    assertThat(browser.driver.findElement(By.id("started")).isDisplayed()).isFalse();
    click("start-registration");
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("started-qr")));
    browser.waiting().until(d -> !browser.textOf(By.id("started-secret")).isEmpty());
    String secret = browser.textOf(By.id("started-secret"));
    String uri = browser.textOf(By.id("started-uri"));
    assertThat(secret).matches("[A-Z2-7]{32}");
    assertThat(uri).startsWith("otpauth://totp/ZITADEL:").contains("secret=" + secret);
    assertThat(scanQrCode(By.id("started-qr"))).isEqualTo(uri);

    // The code the page shows is the one computed from the QR code's secret, on the frozen clock.
    long seconds = frozen / 1000;
    browser.waitForText(By.cssSelector(".registration .code-now"), JceTotp.totp(secret, seconds));
    browser.waitForText(
        By.cssSelector(".registration .code[data-offset='-1']"), code(secret, seconds, -1));
    browser.waitForText(
        By.cssSelector(".registration .code[data-offset='1']"), code(secret, seconds, 1));
    long left = (Math.floorDiv(seconds, 30) + 1) * 30_000 - frozen;
    browser.waitForText(By.cssSelector(".registration .countdown"), oneDecimal(left) + " s");
    // Waited for, as the texts above: the list is redrawn as it refreshes (textOf reads null then).
    browser.waitForText(By.cssSelector(".registration .state"), "pending");
    browser.screenshot("console-enrol");

    click("clock-step");
    browser.waitForText(
        By.cssSelector(".registration .code-now"), JceTotp.totp(secret, seconds + 30));
    assertThat(hooks.clock().getEpochMillis()).isEqualTo(frozen + 30_000);
    browser.waitForText(By.id("clock-time"), shown(frozen + 30_000));

    // The secret is shown once: hidden, it is nowhere in the page, and no list brings it back.
    click("started-dismiss");
    browser.waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("started")));
    browser.waitForText(By.id("clock-time"), shown(frozen + 30_000));
    assertThat(browser.driver.getPageSource()).doesNotContain(secret);
  }

  @Test
  void aFailedVerifyAppearsInTheLogWithItsRowAndReasonButNotItsCode() {
    hooks.freezeClock(Instant.parse("2030-01-01T00:00:10Z"));
    PendingRegistration r = PendingRegistration.start(hooks, api);
    browser.waitForText(By.cssSelector("#log-rows tr td:nth-child(3)"), "StartTOTPRegistration");
    String wrong = wrongCodeNotOnThePage(r, Instant.parse("2030-01-01T00:00:10Z"));

    Reply refused = r.verify(api, wrong);
    assertThat(refused.status()).isEqualTo(400);

    By newest = By.cssSelector("#log-rows tr.refused td.outcome");
    browser.waitForText(newest, "row 14 · EVENT-8isk2 · code 3: Invalid code (EVENT-8isk2)");
    String logRow = browser.textOf(By.cssSelector("#log-rows tr.refused"));
    assertThat(logRow).contains("VerifyTOTPRegistration", r.userId(), r.totpId());
    assertThat(browser.driver.getPageSource()).doesNotContain(wrong);
  }

  @Test
  void thePolicySetOnThePageLocksAfterTwoFailuresUntilTheClockPassesTheLock() {
    setField("policy-maxFailedAttempts", "2");
    setField("policy-lockSeconds", "60");
    click("policy-save");
    browser.waitForText(By.id("policy-result"), "Saved.");
    assertThat(hooks.policy().getMaxFailedAttempts()).isEqualTo(2);
    assertThat(hooks.policy().getLockSeconds()).isEqualTo(60);

    click("clock-freeze");
    browser.waitForText(By.id("clock-mode"), "frozen");
    long frozen = hooks.clock().getEpochMillis();
    CreatedUser user = hooks.createUser();
    PendingRegistration r = PendingRegistration.startFor(user, api);
    By selectUser = By.cssSelector("#users-rows tr[data-user-id='" + r.userId() + "'] button");
    browser.waiting().until(ExpectedConditions.elementToBeClickable(selectUser)).click();
    By card = By.cssSelector(".registration[data-totp-id='" + r.totpId() + "']");
    browser.waitForText(By.cssSelector(".registration .failures"), "failed attempts: 0");

    String wrong = r.wrongCodeAt(frozen / 1000);
    r.verify(api, wrong);
    browser.waitForText(By.cssSelector(".registration .failures"), "failed attempts: 1");
    r.verify(api, wrong);
    browser.waitForText(
        By.cssSelector(".registration .lock"), "locked until " + shown(frozen + 60_000));
    assertThat(browser.driver.findElements(card)).hasSize(1);

    // Locked: even the right code is refused, and the log says why.
    assertThat(r.verify(api, r.codeAt(frozen / 1000)).status()).isEqualTo(429);
    browser.waitForText(
        By.cssSelector("#log-rows tr.refused td.outcome"),
        "row 13 · COMMAND-lOck8s · code 8: Too many failed attempts, try again later"
            + " (COMMAND-lOck8s)");
    browser.screenshot("console-lock");

    setField("clock-advance-seconds", "60");
    click("clock-advance");
    browser.waitForText(By.cssSelector(".registration .lock"), "not locked");
    assertThat(hooks.clock().getEpochMillis()).isEqualTo(frozen + 60_000);

    assertThat(r.verify(api, r.codeAt(frozen / 1000 + 60)).status()).isEqualTo(200);
    browser.waitForText(By.cssSelector(".registration .state"), "verified");
  }

  @Test
  void aStubIsListedAndRemovedFromThePage() {
    Reply added =
        api.send(
            "POST",
            "/__admin/mappings",
            "{\"name\":\"<b>teapot</b>\",\"request\":{\"method\":\"GET\",\"url\":\"/brew\"},"
                + "\"response\":{\"status\":418}}",
            "Content-Type",
            "application/json");
    assertThat(added.status()).as("%s", added).isEqualTo(201);
    String id = added.json().path("id").asText();
    By row = By.cssSelector("#stubs-rows tr[data-stub-id='" + id + "']");
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(row));
    // The first text read while the row is not being redrawn (textOf is null then).
    String shown = browser.waiting().until(d -> browser.textOf(row));
    assertThat(shown).contains("<b>teapot</b>", "GET", "/brew", "418");

    browser.driver.findElement(row).findElement(By.tagName("button")).click();
    browser.waiting().until(ExpectedConditions.invisibilityOfElementLocated(row));
    assertThat(api.send("GET", "/__admin/mappings", null).json().path("mappings")).isEmpty();
    assertThat(api.send("GET", "/brew", null).status()).isNotEqualTo(418);
  }

  @Test
  void theConsoleKeepsNothingInTheBrowser() {
    JavascriptExecutor js = browser.driver;
    assertThat(js.executeScript("return localStorage.length + sessionStorage.length"))
        .isEqualTo(0L);
    assertThat(js.executeScript("return document.cookie")).isEqualTo("");
  }

  @Test
  void noPageCanFrameTheConsoleNotEvenOneOfItsOwnOrigin() {
    // A stub serves a page that frames the console from the same origin, the friendliest case.
    Reply added =
        api.send(
            "POST",
            "/__admin/mappings",
            "{\"request\":{\"method\":\"GET\",\"url\":\"/framer\"},\"response\":{\"status\":200,"
                + "\"headers\":{\"Content-Type\":\"text/html\"},"
                + "\"body\":\"<iframe src='/__admin/console'></iframe>\"}}",
            "Content-Type",
            "application/json");
    assertThat(added.status()).as("%s", added).isEqualTo(201);
    browser.driver.get(mock.baseUrl() + "/framer");
    JavascriptExecutor js = browser.driver;
    // While it loads the frame holds about:blank; a refused frame becomes the browser's error page,
    // of another origin (no document to read); a console that loaded would show its own elements.
    String frame =
        browser
            .waiting()
            .until(
                d ->
                    (String)
                        js.executeScript(
                            "const f = document.querySelector('iframe');"
                                + "if (!f) return null;"
                                + "const doc = f.contentDocument;"
                                + "if (doc === null) return 'refused';"
                                + "return doc.getElementById('status') ? 'console' : null;"));
    assertThat(frame).isEqualTo("refused");
  }

  private String newestUserId() {
    return api.hook("GET", "/users?limit=1", null)
        .json()
        .path("users")
        .get(0)
        .path("userId")
        .asText();
  }

  private String wrongCodeNotOnThePage(PendingRegistration r, Instant at) {
    String page = browser.driver.getPageSource();
    for (int step = 5; ; step++) {
      String candidate = code(r.secret(), at.getEpochSecond(), step);
      boolean inWindow = false;
      for (int near = -1; near <= 1; near++) {
        inWindow |= candidate.equals(code(r.secret(), at.getEpochSecond(), near));
      }
      if (!inWindow && !page.contains(candidate)) {
        return candidate;
      }
    }
  }

  private static String code(String secret, long epochSeconds, int offset) {
    return JceTotp.totp("SHA1", JceTotp.base32(secret), epochSeconds, 30, 6, offset);
  }

  /** How the page writes a time: ISO 8601 in UTC with a space, milliseconds only when not 0. */
  private static String shown(long epochMillis) {
    return SHOWN.format(Instant.ofEpochMilli(epochMillis)).replace(".000Z", "Z");
  }

  /** Seconds with one decimal, rounded up, as the page writes a countdown. */
  private static String oneDecimal(long millis) {
    long tenths = Math.floorDiv(millis + 99, 100);
    return tenths / 10 + "." + tenths % 10;
  }

  private void click(String id) {
    browser.waiting().until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
  }

  private void type(String id, String text) {
    WebElement field = browser.driver.findElement(By.id(id));
    field.clear();
    field.sendKeys(text);
  }

  private void setField(String id, String value) {
    type(id, value);
  }

  /** The text of the QR code the page draws, read from the browser's pixels with zxing. */
  private String scanQrCode(By image) throws Exception {
    byte[] png = browser.driver.findElement(image).getScreenshotAs(OutputType.BYTES);
    BufferedImage picture = ImageIO.read(new ByteArrayInputStream(png));
    int width = picture.getWidth();
    int height = picture.getHeight();
    int[] pixels = picture.getRGB(0, 0, width, height, null, 0, width);
    return new QRCodeReader()
        .decode(
            new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, height, pixels))))
        .getText();
  }
}
