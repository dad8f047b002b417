package org.totpkit.mock.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.totpkit.contract.hooks.model.CreatedUser;
import org.totpkit.contract.hooks.model.HashAlgorithm;
import org.totpkit.contract.hooks.model.OtpPolicyChange;
import org.totpkit.mock.http.Json;
import org.totpkit.mock.junit.TotpMockServerExtension;

/**
 * A client's whole journey through HTTP: start a registration, read the secret and the Key URI,
 * compute the code with a generator that is not the server's, and verify it.
 */
class StartToVerifyEndToEndTest {
  @RegisterExtension static TotpMockServerExtension mock = TotpMockServerExtension.onFreePort();

  private final HttpClient http = HttpClient.newHttpClient();
  private CreatedUser user;

  @BeforeEach
  void freshUser() {
    mock.hooks().reset();
    user = mock.hooks().createUser();
  }

  private JsonNode start() throws Exception {
    HttpResponse<String> response = post("/totp", null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Json.MAPPER.readTree(response.body());
  }

  private HttpResponse<String> post(String suffix, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    mock.baseUrl() + "/resources/v3alpha/users/" + user.getUserId() + suffix))
            .header("Authorization", "Bearer " + user.getToken())
            .header("Content-Type", "application/json")
            .POST(
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> verify(JsonNode started, String code) throws Exception {
    return post("/totp/" + started.get("totpId").asText() + "/_verify", "\"" + code + "\"");
  }

  private static Map<String, String> uriParameters(String uri) {
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String pair : URI.create(uri).getRawQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      parameters.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    return parameters;
  }

  private long serverEpochSeconds() {
    return mock.hooks().clock().getEpochMillis() / 1000;
  }

  @ParameterizedTest(name = "{0}, {1} digits, {2} s")
  @CsvSource({"SHA1,6,30", "SHA256,8,30", "SHA512,9,60", "SHA1,7,15"})
  void theUriDescribesTheCodesTheServerAccepts(String algorithm, int digits, int period)
      throws Exception {
    mock.hooks()
        .changePolicy(
            new OtpPolicyChange()
                .algorithm(HashAlgorithm.fromValue(algorithm))
                .digits(digits)
                .period(period));
    JsonNode started = start();
    Map<String, String> uri = uriParameters(started.get("uri").asText());
    assertThat(uri)
        .containsEntry("secret", started.get("secret").asText())
        .containsEntry("algorithm", algorithm)
        .containsEntry("digits", Integer.toString(digits))
        .containsEntry("period", Integer.toString(period))
        .containsEntry("issuer", "ZITADEL");
    String code =
        JceTotp.code(
            uri.get("secret"),
            uri.get("algorithm"),
            Integer.parseInt(uri.get("digits")),
            Integer.parseInt(uri.get("period")),
            serverEpochSeconds());
    HttpResponse<String> verified = verify(started, code);
    assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
    assertThat(Json.MAPPER.readTree(verified.body()).at("/details/id").asText())
        .isEqualTo(user.getUserId());
  }

  @Test
  void aCodeFromOathtoolVerifies() throws Exception {
    Path oathtool = Path.of("/usr/bin/oathtool");
    if (System.getenv("CI") == null) {
      assumeTrue(
          Files.isExecutable(oathtool), "oathtool is not installed (apt-get install oathtool)");
    }
    JsonNode started = start();
    // oathtool reads the machine's time; the server runs on real time too (window of +-1 step).
    Process process =
        new ProcessBuilder(oathtool.toString(), "--totp", "-b", started.get("secret").asText())
            .redirectErrorStream(true)
            .start();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    String code =
        new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
    assertThat(process.exitValue()).isZero();
    assertThat(code).matches("[0-9]{6}");
    HttpResponse<String> verified = verify(started, code);
    assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
  }

  @Test
  void theGeneratorAgreesWithTheRfcAppendixB() {
    assertThat(JceTotp.code("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "SHA1", 8, 30, 59))
        .isEqualTo("94287082");
    assertThat(
            JceTotp.code(
                "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA",
                "SHA256",
                8,
                30,
                1111111109))
        .isEqualTo("68084774");
  }
}
