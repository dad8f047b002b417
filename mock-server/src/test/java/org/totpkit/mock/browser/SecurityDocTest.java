package org.totpkit.mock.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.totpkit.mock.testing.RpcStatusAssertions.assertPlainError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.totpkit.mock.ServerOptions;
import org.totpkit.mock.contract.ErrorTable;
import org.totpkit.mock.junit.TotpMockServerExtension;
import org.totpkit.mock.testing.Reply;
import org.totpkit.mock.testing.TestEngine;

/**
 * docs/security.md against the code: every admin route its table calls served is served (no 404 or
 * 405 for a client without {@code Origin}), every one it calls closed answers 404 in the contract's
 * shape, every one refuses a foreign {@code Origin} and {@code Host} with 403; the CORS headers it
 * names are the ones the API sends; and the journal's default it states is the server's.
 */
class SecurityDocTest {
  @RegisterExtension static TotpMockServerExtension mock = TestEngine.onFreePort();

  static final Pattern ROUTE_ROW =
      Pattern.compile(
          "^\\| `([A-Z]+) (/__admin[^`]*)` \\| (served|closed) \\|$", Pattern.MULTILINE);

  static String doc;

  @BeforeAll
  static void read() throws IOException {
    Path docs = Path.of(System.getProperty("totp.docs.dir", "../docs"));
    doc = Files.readString(docs.resolve("security.md"));
  }

  record Row(String method, String path, boolean served) {}

  static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    Matcher m = ROUTE_ROW.matcher(doc);
    while (m.find()) {
      rows.add(new Row(m.group(1), m.group(2), m.group(3).equals("served")));
    }
    return rows;
  }

  @Test
  void theRoutesTheDocListsAreServedOrClosedAsItSays() {
    List<Row> rows = rows();
    assertThat(rows).as("the doc's route table").hasSizeGreaterThan(10);
    assertThat(rows).anyMatch(Row::served).anyMatch(row -> !row.served());
    HostHttp http = new HostHttp(mock.baseUrl());
    String own = "127.0.0.1:" + mock.server().port();
    for (Row row : rows) {
      String body = row.method().equals("GET") ? null : "{}";
      Reply reply = http.send(row.method(), row.path(), own, body, "Content-Type", "text/plain");
      if (row.served()) {
        assertThat(reply.status())
            .as("%s %s is served: %s", row.method(), row.path(), reply)
            .isNotIn(404, 405)
            .isLessThan(500);
      } else {
        assertPlainError(reply, 404, 5, "Not Found");
      }
      assertPlainError(
          http.send(row.method(), row.path(), own, body, "Origin", "http://evil.example"),
          403,
          7,
          ErrorTable.crossOrigin().message());
      assertPlainError(
          http.send(row.method(), row.path(), "evil.example:" + mock.server().port(), body),
          403,
          7,
          ErrorTable.foreignHost().message());
    }
  }

  @Test
  void theCorsHeadersTheDocNamesAreTheOnesTheApiSends() {
    for (String header :
        List.of(
            "authorization",
            "content-type",
            "x-grpc-web",
            "x-user-agent",
            "connect-protocol-version",
            "connect-timeout-ms",
            "grpc-timeout",
            "x-zitadel-orgid")) {
      assertThat(doc).contains("`" + header + "`");
      assertThat(ApiCors.REQUEST_HEADERS.split(", ")).contains(header);
    }
    for (String header :
        List.of("grpc-status", "grpc-message", "grpc-status-details-bin", "retry-after")) {
      assertThat(doc).contains("`" + header + "`");
      assertThat(ApiCors.EXPOSED_HEADERS.split(", ")).contains(header);
    }
    assertThat(doc).contains("Access-Control-Allow-Methods: " + ApiCors.METHODS);
    assertThat(doc).contains("Access-Control-Max-Age: " + ApiCors.MAX_AGE);
  }

  @Test
  void theJournalTheDocDescribesIsTheServers() {
    assertThat(doc)
        .contains(
            String.format(
                java.util.Locale.ROOT,
                "newest %,d requests by default",
                ServerOptions.DEFAULT_MAX_JOURNAL_ENTRIES));
    assertThat(doc).doesNotContain("journal (disabled)");
    Reply journal =
        new HostHttp(mock.baseUrl())
            .send("GET", "/__admin/requests", "127.0.0.1:" + mock.server().port(), null);
    assertThat(journal.status()).as("%s", journal).isEqualTo(200);
  }
}
