package org.totpkit.mock.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.totpkit.mock.ServerOptions;
import org.totpkit.mock.junit.TotpMockServerExtension;
import org.totpkit.mock.testing.TestEngine;

/**
 * Behind {@code --admin-token}: the page asks for the token, refuses a wrong one, works with the
 * right one, and keeps it in the page's memory only (a reload asks again).
 */
class ConsoleAdminTokenBrowserTest {
  private static final String TOKEN = "console-admin-s3cret";

  @RegisterExtension
  static TotpMockServerExtension guarded =
      TestEngine.with(
          ServerOptions.defaults().withPort(0).withDemoData(false).withAdminToken(TOKEN));

  static ConsoleBrowser browser;

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

  @Test
  void thePageAsksForTheTokenAndKeepsItInMemoryOnly() {
    String console = guarded.baseUrl() + "/__admin/console";
    browser.driver.get(console);
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("token-input")));
    assertThat(browser.driver.findElement(By.id("main")).isDisplayed()).isFalse();
    browser.screenshot("console-token");

    enter("not-" + TOKEN);
    browser.waitForText(By.id("token-error"), "The server refused this token.");
    assertThat(browser.driver.findElement(By.id("main")).isDisplayed()).isFalse();

    enter(TOKEN);
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("main")));
    browser.waitForText(By.id("status"), "Connected.");
    browser.waitForText(By.id("clock-mode"), "real time");
    JavascriptExecutor js = browser.driver;
    assertThat(js.executeScript("return localStorage.length + sessionStorage.length"))
        .isEqualTo(0L);
    assertThat(js.executeScript("return document.cookie")).isEqualTo("");
    assertThat(browser.driver.getPageSource()).doesNotContain(TOKEN);
    assertThat(browser.driver.manage().getCookies()).isEmpty();

    browser.driver.navigate().refresh();
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("token-input")));
    assertThat(browser.driver.findElement(By.id("main")).isDisplayed()).isFalse();
  }

  private void enter(String token) {
    var field = browser.driver.findElement(By.id("token-input"));
    field.clear();
    field.sendKeys(token);
    browser.driver.findElement(By.id("token-submit")).click();
  }
}
