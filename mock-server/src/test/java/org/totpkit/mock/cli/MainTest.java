package org.totpkit.mock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.totpkit.mock.DemoData;
import org.totpkit.mock.ReferenceServer;
import org.totpkit.mock.ServerOptions;

class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private Main.Launch launch(String... args) {
    return Main.launch(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String errText() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpListsEveryOptionAndExitsZero() {
    Main.Launch launch = launch("--help");
    assertThat(launch.server()).isEmpty();
    assertThat(launch.exitStatus()).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains(
            "--port", "--bind-address", "--admin-token", "--no-demo-data", "--verbose", "--help");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--bogus",
        "--port=abc",
        "--port=70000",
        "--port",
        "--admin-token=",
        "--verbose=yes",
        "-x"
      })
  void aBadCommandLineIsOneLineAndStatusTwo(String arg) {
    Main.Launch launch = launch(arg);
    assertThat(launch.server()).isEmpty();
    assertThat(launch.exitStatus()).isEqualTo(2);
    assertThat(errText().lines()).hasSize(1);
    assertThat(errText()).startsWith("totp-mock-server: ");
  }

  @Test
  void aPortInUseIsOneLineAndStatusTwo() {
    try (ReferenceServer taken = ReferenceServer.start(ServerOptions.defaults().withPort(0))) {
      Main.Launch launch = launch("--port", Integer.toString(taken.port()));
      assertThat(launch.server()).isEmpty();
      assertThat(launch.exitStatus()).isEqualTo(2);
      assertThat(errText().lines()).hasSize(1);
      assertThat(errText()).contains(Integer.toString(taken.port())).contains("--port");
    }
  }

  @Test
  void startsWithDemoDataAndPrintsAWorkingCurlLine() throws Exception {
    Main.Launch launch = launch("--port", "0");
    try (ReferenceServer server = launch.server().orElseThrow()) {
      String printed = out.toString(StandardCharsets.UTF_8);
      assertThat(printed).contains("listening on " + server.baseUrl());
      String curl = Main.startCurl(server, DemoData.STANDARD);
      assertThat(printed).contains(curl);
      HttpResponse<String> response = startAsDemoUser(server);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("\"totpId\"", "\"secret\"", "\"uri\"");
    }
  }

  @Test
  void withoutDemoDataTheDemoTokenIsUnknown() throws Exception {
    Main.Launch launch = launch("--port=0", "--no-demo-data");
    try (ReferenceServer server = launch.server().orElseThrow()) {
      assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("demo-token");
      HttpResponse<String> response = startAsDemoUser(server);
      assertThat(response.statusCode()).isEqualTo(401);
    }
  }

  /** What the printed curl line does. */
  private static HttpResponse<String> startAsDemoUser(ReferenceServer server) throws Exception {
    String url =
        server.baseUrl() + "/resources/v3alpha/users/" + DemoData.STANDARD.userId() + "/totp";
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + DemoData.STANDARD.token())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
