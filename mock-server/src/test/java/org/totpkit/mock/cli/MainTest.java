package org.totpkit.mock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.totpkit.mock.DemoData;
import org.totpkit.mock.ReferenceServer;
import org.totpkit.mock.ServerOptions;
import org.totpkit.mock.testing.JceTotp;

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

  @Test
  void versionPrintsTheBuildsVersionAndExitsZero() {
    Main.Launch launch = launch("--version");
    assertThat(launch.server()).isEmpty();
    assertThat(launch.exitStatus()).isZero();
    // The filtered resource holds the root pom's version, never the unfiltered placeholder.
    assertThat(out.toString(StandardCharsets.UTF_8).strip())
        .matches("totp-mock-server \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
  }

  @ParameterizedTest
  @ValueSource(strings = {"--prot", "--prot=8080", "--prt", "--potr"})
  void aMisspeltOptionNamesTheOneMeant(String misspelt) {
    Main.Launch launch = launch(misspelt, "8080");
    assertThat(launch.exitStatus()).isEqualTo(2);
    assertThat(errText().lines()).hasSize(1);
    assertThat(errText()).contains("did you mean --port?");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--port=abc|totp-mock-server: --port must be a number from 0 to 65535 (0 = any free port)",
        "--port|totp-mock-server: --port needs a value: see --help",
        "--admin-token=|totp-mock-server: --admin-token needs a non-empty token",
        "--bind-address= |totp-mock-server: --bind-address needs an address, for example 127.0.0.1",
        "--verbose=yes|totp-mock-server: --verbose takes no value",
        "--bogus|totp-mock-server: unknown option '--bogus': see --help for the options",
        "stray|totp-mock-server: unexpected argument 'stray': options start with --, see --help"
      })
  void eachErrorSaysWhatToFix(String argAndLine) {
    String[] parts = argAndLine.split("\\|", 2);
    Main.Launch launch = launch(parts[0]);
    assertThat(launch.exitStatus()).isEqualTo(2);
    assertThat(errText().lines()).containsExactly(parts[1]);
  }

  @Test
  void anOptionGivenTwiceIsOneLine() {
    Main.Launch launch = launch("--port", "1", "--port", "2");
    assertThat(launch.exitStatus()).isEqualTo(2);
    assertThat(errText().lines())
        .containsExactly("totp-mock-server: --port is given more than once");
  }

  @Test
  void aMissingValueIsNotTakenFromTheNextOption() {
    Main.Launch launch = launch("--admin-token", "--verbose");
    assertThat(launch.exitStatus()).isEqualTo(2);
    assertThat(errText().lines())
        .containsExactly("totp-mock-server: --admin-token needs a value: see --help");
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
        "-x",
        "--port=-1",
        "--no-demo-data=false",
        "--port 1 2"
      })
  void aBadCommandLineIsOneLineAndStatusTwo(String arg) {
    Main.Launch launch = launch(arg.split(" "));
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
  void printQrPrintsAScannableKeyUriOfAFreshDemoRegistrationButNotTheSecretAsText()
      throws Exception {
    Main.Launch launch = launch("--port", "0", "--print-qr");
    try (ReferenceServer server = launch.server().orElseThrow()) {
      String printed = out.toString(StandardCharsets.UTF_8);
      List<String> rows = printed.lines().filter(l -> l.matches("[ █▀▄]{20,}")).toList();
      assertThat(rows).as(printed).isNotEmpty();
      String uri = decode(rows);
      assertThat(uri).startsWith("otpauth://totp/ZITADEL:demo@demo.localhost?");
      String secret = uri.replaceFirst(".*[?&]secret=([A-Z2-7]+).*", "$1");
      assertThat(printed).doesNotContain(secret);
      String totpId = printed.replaceFirst("(?s).*verify registration (\\d+) .*", "$1");
      String code = JceTotp.totp(secret, server.service().clock().instant().getEpochSecond());
      HttpResponse<String> verified =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              server.baseUrl()
                                  + "/resources/v3alpha/users/"
                                  + DemoData.STANDARD.userId()
                                  + "/totp/"
                                  + totpId
                                  + "/_verify"))
                      .header("Authorization", "Bearer " + DemoData.STANDARD.token())
                      .POST(HttpRequest.BodyPublishers.ofString("\"" + code + "\""))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
    }
  }

  @Test
  void printQrNeedsTheDemoData() {
    Main.Launch launch = launch("--print-qr", "--no-demo-data");
    assertThat(launch.exitStatus()).isEqualTo(2);
    assertThat(errText().lines()).hasSize(1);
    assertThat(errText()).contains("--no-demo-data");
  }

  /** Reads the printed half blocks back as pixels (drawn = light) and decodes them with ZXing. */
  private static String decode(List<String> rows) throws Exception {
    int scale = 4;
    int width = rows.get(0).length();
    int height = rows.size() * 2;
    int[] pixels = new int[width * scale * height * scale];
    for (int row = 0; row < rows.size(); row++) {
      String line = rows.get(row);
      for (int x = 0; x < width; x++) {
        char c = x < line.length() ? line.charAt(x) : ' ';
        boolean top = c == '█' || c == '▀';
        boolean bottom = c == '█' || c == '▄';
        paint(pixels, width * scale, x, row * 2, scale, top);
        paint(pixels, width * scale, x, row * 2 + 1, scale, bottom);
      }
    }
    RGBLuminanceSource source = new RGBLuminanceSource(width * scale, height * scale, pixels);
    return new QRCodeReader()
        .decode(
            new BinaryBitmap(new HybridBinarizer(source)),
            Map.of(DecodeHintType.PURE_BARCODE, true))
        .getText();
  }

  private static void paint(int[] pixels, int stride, int x, int y, int scale, boolean light) {
    int color = light ? 0xFFFFFFFF : 0xFF000000;
    for (int dy = 0; dy < scale; dy++) {
      for (int dx = 0; dx < scale; dx++) {
        pixels[(y * scale + dy) * stride + x * scale + dx] = color;
      }
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
