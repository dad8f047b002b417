package org.totpkit.mock.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.totpkit.contract.hooks.model.CreatedUser;
import org.totpkit.mock.junit.HooksClient;
import org.totpkit.mock.junit.TotpMockServerExtension;
import org.totpkit.mock.testing.JceTotp;
import org.totpkit.mock.testing.ResetAfterEach;

/**
 * Interop with a client nobody here wrote, not in Java: connect-es
 * ({@code @connectrpc/connect-node} with the service loaded from the descriptor set at run time,
 * {@code interop/node}) starts, verifies and removes a registration and sees error rows with their
 * details, over Connect (JSON and proto), gRPC and gRPC-Web, on the port REST is served on.
 */
class NodeInteropTest {
  @RegisterExtension static TotpMockServerExtension mock = TotpMockServerExtension.onFreePort();
  @RegisterExtension static ResetAfterEach reset = new ResetAfterEach(mock);

  static final Instant NOW = Instant.parse("2030-01-01T00:00:10.250Z");
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path temp;
  static Path descriptorSet;

  final HooksClient hooks = mock.hooks();

  @BeforeAll
  static void copyDescriptorSet() throws IOException {
    descriptorSet = temp.resolve("totp-contract.protoset");
    try (InputStream in =
        NodeInteropTest.class.getResourceAsStream("/proto/totp-contract.protoset")) {
      assertThat(in).as("the descriptor set built by the proto module").isNotNull();
      Files.copy(in, descriptorSet);
    }
  }

  @BeforeEach
  void freezeTime() {
    hooks.freezeClock(NOW);
  }

  @ParameterizedTest
  @ValueSource(strings = {"connect", "connect-proto", "grpc", "grpc-web"})
  void startsVerifiesAndRemovesAndSeesTheErrorRows(String protocol) throws Exception {
    CreatedUser user = hooks.createUser();
    CreatedUser other = hooks.createUser();
    String bearer = "Bearer " + user.getToken();
    try (NodeClient node = new NodeClient(protocol)) {
      JsonNode started = node.call("StartTOTPRegistration", bearer, request(user, null, null));
      assertThat(started.path("code").asInt()).as("%s", started).isZero();
      JsonNode response = started.path("response");
      String totpId = response.path("totpId").asText();
      String secret = response.path("secret").asText();
      assertThat(totpId).matches("[0-9]+");
      assertThat(secret).matches("[A-Z2-7]{32}");
      assertThat(response.path("uri").asText()).startsWith("otpauth://totp/").contains(secret);
      assertThat(response.path("details").path("id").asText()).isEqualTo(user.getUserId());
      assertThat(response.path("details").path("owner").path("type").asText())
          .isEqualTo("OWNER_TYPE_ORG");
      assertThat(response.path("details").path("owner").path("id").asText())
          .isEqualTo(user.getOrgId());

      String code = JceTotp.totp(secret, NOW.getEpochSecond());
      String wrong = code.equals("000000") ? "000001" : "000000";
      assertError(
          node.call("VerifyTOTPRegistration", bearer, request(user, totpId, wrong)),
          3,
          "EVENT-8isk2",
          "Invalid code");
      JsonNode verified = node.call("VerifyTOTPRegistration", bearer, request(user, totpId, code));
      assertThat(verified.path("code").asInt()).as("%s", verified).isZero();
      assertThat(verified.path("response").path("details").path("changed").asText())
          .isEqualTo("2030-01-01T00:00:10.250Z");
      assertError(
          node.call("VerifyTOTPRegistration", bearer, request(user, totpId, code)),
          9,
          "COMMAND-qx4ls",
          "Multifactor OTP (OneTimePassword) is already set up");

      JsonNode removed = node.call("RemoveTOTPAuthenticator", bearer, request(user, totpId, null));
      assertThat(removed.path("code").asInt()).as("%s", removed).isZero();
      assertError(
          node.call("RemoveTOTPAuthenticator", bearer, request(user, totpId, null)),
          5,
          "COMMAND-Hd9sd",
          "Multifactor OTP (OneTimePassword) doesn't exist");

      JsonNode missing = node.call("StartTOTPRegistration", null, request(user, null, null));
      assertThat(missing.path("code").asInt()).as("%s", missing).isEqualTo(16);
      assertThat(missing.path("message").asText()).isEqualTo("auth header missing");
      assertThat(missing.path("details")).as("%s", missing).isEmpty();
      assertError(
          node.call("StartTOTPRegistration", "Basic x", request(user, null, null)),
          16,
          "AUTH-toLo1",
          "invalid auth header");
      assertError(
          node.call("StartTOTPRegistration", "Bearer nope", request(user, null, null)),
          16,
          "AUTH-7fs1e",
          "Errors.Token.Invalid");
      assertError(
          node.call("StartTOTPRegistration", bearer, request(other, null, null)),
          7,
          "AUTH-AWfge",
          "No matching permissions found");
      JsonNode shortCode =
          node.call("VerifyTOTPRegistration", bearer, request(user, totpId, "12345"));
      assertThat(shortCode.path("code").asInt()).as("%s", shortCode).isEqualTo(3);
      assertThat(shortCode.path("message").asText())
          .isEqualTo(
              "invalid VerifyTOTPRegistrationRequest.Code: value length must be between 6 and 9"
                  + " runes, inclusive");
    }
  }

  static ObjectNode request(CreatedUser user, String totpId, String code) {
    ObjectNode request = JSON.createObjectNode().put("id", user.getUserId());
    if (totpId != null) {
      request.put("totpId", totpId);
    }
    if (code != null) {
      request.put("code", code);
    }
    return request;
  }

  static void assertError(JsonNode result, int code, String id, String text) {
    assertThat(result.path("code").asInt()).as("%s", result).isEqualTo(code);
    assertThat(result.path("message").asText()).isEqualTo(text + " (" + id + ")");
    JsonNode details = result.path("details");
    assertThat(details.size()).as("one detail in %s", result).isEqualTo(1);
    assertThat(details.get(0).path("type").asText()).isEqualTo("zitadel.v1.ErrorDetail");
    assertThat(details.get(0).path("id").asText()).isEqualTo(id);
    assertThat(details.get(0).path("message").asText()).isEqualTo(text);
  }

  /** The node process, one call per line each way; its stderr goes to the test's. */
  final class NodeClient implements AutoCloseable {
    private final Process process;
    private final Writer in;
    private final BufferedReader out;

    NodeClient(String protocol) throws IOException {
      Path dir = Path.of(System.getProperty("totp.interop.node.dir", "../interop/node"));
      process =
          new ProcessBuilder(
                  "node",
                  dir.resolve("client.mjs").toString(),
                  protocol,
                  mock.baseUrl(),
                  descriptorSet.toString())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    JsonNode call(String method, String authorization, ObjectNode request) throws IOException {
      ObjectNode line = JSON.createObjectNode().put("method", method);
      if (authorization != null) {
        line.put("authorization", authorization);
      }
      line.set("request", request);
      in.write(line + "\n");
      in.flush();
      String answer = out.readLine();
      assertThat(answer).as("node answered %s", method).isNotNull();
      return JSON.readTree(answer);
    }

    @Override
    public void close() throws Exception {
      in.close();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      assertThat(process.exitValue()).as("node's exit status").isZero();
    }
  }
}
