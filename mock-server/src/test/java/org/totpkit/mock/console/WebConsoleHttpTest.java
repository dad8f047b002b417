package org.totpkit.mock.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.totpkit.mock.junit.TotpMockServerExtension;
import org.totpkit.mock.testing.RawHttp;
import org.totpkit.mock.testing.Reply;
import org.totpkit.mock.testing.TestEngine;

/**
 * The console's files as a browser gets them: a strict Content-Security-Policy, no framing, no
 * sniffing, no caching; one script of this origin and nothing inline that the policy would have to
 * allow; and nothing of the server's state in them (the page reads it through the hooks).
 */
class WebConsoleHttpTest {
  @RegisterExtension static TotpMockServerExtension mock = TestEngine.onFreePort();

  final RawHttp http = new RawHttp(mock.baseUrl());

  @ParameterizedTest
  @CsvSource({
    "/__admin/console, text/html",
    "/__admin/console/console.js, text/javascript",
    "/__admin/console/console.css, text/css"
  })
  void everyFileCarriesTheStrictHeaders(String path, String type) {
    Reply reply = http.send("GET", path, null);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith(type));
    assertThat(reply.header("Content-Security-Policy"))
        .contains(
            "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; "
                + "img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; "
                + "form-action 'self'");
    assertThat(reply.header("X-Content-Type-Options")).contains("nosniff");
    assertThat(reply.header("X-Frame-Options")).contains("DENY");
    assertThat(reply.header("Referrer-Policy")).contains("no-referrer");
    assertThat(reply.header("Cache-Control")).contains("no-store");
    assertThat(reply.header("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void thePageLoadsOneScriptOfItsOwnAndNothingInlineOrForeign() {
    String html = http.send("GET", "/__admin/console", null).body();
    List<String> scripts = all(Pattern.compile("<script\\b[^>]*>", Pattern.CASE_INSENSITIVE), html);
    assertThat(scripts).containsExactly("<script src=\"/__admin/console/console.js\" defer>");
    // Every script element is empty: nothing inline.
    assertThat(html).containsOnlyOnce("</script>").contains("defer></script>");
    assertThat(html).doesNotContainPattern("(?i)\\son[a-z]+\\s*=");
    assertThat(html).doesNotContainPattern("(?i)\\sstyle\\s*=|<style");
    assertThat(html).doesNotContainPattern("(?i)javascript:");
    // No resource from elsewhere: every src and href is a path of this server.
    for (String url : all(Pattern.compile("(?:src|href)=\"([^\"]*)\""), html)) {
      assertThat(url).startsWith("/__admin/console/");
    }
  }

  @Test
  void theScriptWritesTextNeverMarkupAndKeepsNoStorage() {
    String script = http.send("GET", "/__admin/console/console.js", null).body();
    assertThat(script)
        .doesNotContain(
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
            "new Function",
            "localStorage",
            "sessionStorage",
            "document.cookie",
            "indexedDB");
    // Every call goes to this server's admin routes.
    assertThat(script).contains("const ADMIN = '/__admin';").doesNotContain("http://", "https://");
  }

  @Test
  void thePageHoldsNoStateOfTheServer() {
    var user = mock.hooks().createUser();
    String html = http.send("GET", "/__admin/console", null).body();
    assertThat(html).doesNotContain(user.getUserId(), user.getLoginName(), user.getToken());
  }

  private static List<String> all(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    List<String> found = new java.util.ArrayList<>();
    while (matcher.find()) {
      found.add(matcher.groupCount() > 0 ? matcher.group(1) : matcher.group());
    }
    return found;
  }
}
