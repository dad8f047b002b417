package org.totpkit.mock.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.totpkit.contract.hooks.model.OtpPolicyChange;
import org.totpkit.contract.proto.zitadel.resources.user.v3alpha.StartTOTPRegistrationRequest;
import org.totpkit.mock.ServerOptions;
import org.totpkit.mock.contract.Operation;
import org.totpkit.mock.junit.TotpMockServerExtension;
import org.totpkit.mock.testing.PendingRegistration;
import org.totpkit.mock.testing.RawH2;
import org.totpkit.mock.testing.RawHttp;
import org.totpkit.mock.testing.StateSnapshot;

/**
 * The server bugs the hostile RPC corpus found, one by one: a gRPC or gRPC-Web call with a method
 * other than POST was served, and Connect JSON was read leniently (a malformed body became a call).
 */
class RpcStrictInputTest {
  private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @RegisterExtension
  static TotpMockServerExtension mock =
      TotpMockServerExtension.with(ServerOptions.defaults().withPort(0).withDemoData(false));

  private PendingRegistration r;
  private RawHttp api;
  private long now;

  @BeforeEach
  void pending() {
    api = new RawHttp(mock.baseUrl());
    now = mock.hooks().freezeClock(NOW).getEpochMillis() / 1000;
    r = PendingRegistration.start(mock.hooks(), api);
    // One counted wrong code would lock the registration.
    mock.hooks().changePolicy(new OtpPolicyChange().maxFailedAttempts(1).lockSeconds(3600));
  }

  private byte[] startFrame() {
    return Clients.frame(
        (byte) 0,
        StartTOTPRegistrationRequest.newBuilder().setId(r.userId()).build().toByteArray());
  }

  private StateSnapshot snapshot() {
    return StateSnapshot.of(mock.server().service(), List.of(r.userId()), List.of(r.token()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "PUT", "DELETE", "PATCH"})
  void grpcWithAMethodOtherThanPostIs12AndStartsNothing(String method) {
    StateSnapshot before = snapshot();
    try (RawH2 h2 = new RawH2(mock.baseUrl())) {
      RawH2.Answer answer =
          h2.exchange(
              new RawH2.Request(
                  method,
                  Operation.START.rpcPath(),
                  List.of(
                      new String[] {"content-type", "application/grpc"},
                      new String[] {"te", "trailers"},
                      new String[] {"authorization", "Bearer " + r.token()}),
                  List.of(startFrame()),
                  RawH2.Ending.END_STREAM),
              Duration.ofSeconds(10));
      assertThat(answer.problem()).isNull();
      assertThat(answer.serverReset()).isEqualTo(-1);
      assertThat(answer.status()).isEqualTo(200);
      String status = answer.trailers().isEmpty() ? answer.header("grpc-status") : null;
      status = status != null ? status : answer.trailer("grpc-status");
      assertThat(status).isEqualTo("12");
      String message =
          answer.trailers().isEmpty()
              ? answer.header("grpc-message")
              : answer.trailer("grpc-message");
      assertThat(message).isEqualTo("Method Not Allowed");
      assertThat(answer.body()).as("no response message").isEmpty();
    }
    snapshot().assertUnchangedSince(before);
  }

  @Test
  void grpcWebWithGetIs12AndStartsNothing() throws Exception {
    StateSnapshot before = snapshot();
    HttpResponse<byte[]> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(mock.baseUrl() + Operation.START.rpcPath()))
                .header("Content-Type", "application/grpc-web+proto")
                .header("Authorization", "Bearer " + r.token())
                .method("GET", HttpRequest.BodyPublishers.ofByteArray(startFrame()))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    TransportClient.Result result = Clients.GrpcWeb.parse(Operation.START, response.body());
    assertThat(result.code()).isEqualTo(12);
    assertThat(result.message()).isEqualTo("Method Not Allowed");
    assertThat(result.response()).isNull();
    snapshot().assertUnchangedSince(before);
  }

  /**
   * Bodies JsonFormat alone took as a call: {@code %u} is the user, {@code %t} the registration,
   * {@code %c} a wrong code.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"id\":\"%u\",\"totpId\":\"%t\",\"code\":%c}",
        "{\"id\":\"%u\",\"totpId\":\"%t\",\"code\":[\"%c\"]}",
        "{'id':'%u','totpId':'%t','code':'%c'}",
        "{id:\"%u\",totpId:\"%t\",code:\"%c\"}",
        "{\"id\":\"%u\",\"totpId\":\"%t\",\"code\":\"%c\"}garbage",
        "/*c*/{\"id\":\"%u\",\"totpId\":\"%t\",\"code\":\"%c\"}",
        "{\"id\":\"%u\",\"totpId\":\"%t\",\"code\":\"%c\",}",
        "{\"code\":\"0\",\"id\":\"%u\",\"totpId\":\"%t\",\"code\":\"%c\"}",
        "{\"id\":\"%u\",\"totpId\":\"%t\",\"code\":\"12\u00013456\"}",
      })
  void connectJsonThatIsNotStrictJsonIsInvalidArgumentAndCountsNoAttempt(String template)
      throws Exception {
    String body =
        template
            .replace("%u", r.userId())
            .replace("%t", r.totpId())
            .replace("%c", r.wrongCodeAt(now));
    assertRefusedAsUndecodable(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void connectJsonWithInvalidUtf8InTheCodeIsInvalidArgumentAndCountsNoAttempt() throws Exception {
    // "1234\xC3\x28" is six characters once decoded with replacement: a wrong code.
    byte[] head =
        ("{\"id\":\"" + r.userId() + "\",\"totpId\":\"" + r.totpId() + "\",\"code\":\"1234")
            .getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[head.length + 4];
    System.arraycopy(head, 0, body, 0, head.length);
    body[head.length] = (byte) 0xC3;
    body[head.length + 1] = 0x28;
    body[head.length + 2] = '"';
    body[head.length + 3] = '}';
    assertRefusedAsUndecodable(body);
  }

  @Test
  void deeplyNestedConnectJsonIsInvalidArgumentNotA500() throws Exception {
    String deep = "[".repeat(20_000) + "]".repeat(20_000);
    String body = "{\"x\":" + deep + ",\"id\":\"" + r.userId() + "\"}";
    assertThat(body.length()).isLessThan(65_536);
    HttpResponse<byte[]> response = connect(Operation.START, body.getBytes(StandardCharsets.UTF_8));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).path("code").asText()).isEqualTo("invalid_argument");
  }

  @Test
  void unknownFieldsAndNullsStayAccepted() throws Exception {
    String body =
        "{\"id\":\""
            + r.userId()
            + "\",\"totp_id\":\""
            + r.totpId()
            + "\",\"code\":\""
            + r.codeAt(now)
            + "\",\"instance\":null,\"extra\":{\"a\":[1,{\"b\":null}]}}";
    HttpResponse<byte[]> response =
        connect(Operation.VERIFY, body.getBytes(StandardCharsets.UTF_8));
    assertThat(response.statusCode())
        .as(new String(response.body(), StandardCharsets.UTF_8))
        .isEqualTo(200);
  }

  private void assertRefusedAsUndecodable(byte[] body) throws Exception {
    HttpResponse<byte[]> response = connect(Operation.VERIFY, body);
    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = JSON.readTree(response.body());
    assertThat(error.path("code").asText()).isEqualTo("invalid_argument");
    assertThat(error.path("message").asText())
        .isEqualTo("unmarshal message: the body is not a valid JSON request");
    // No attempt was counted: the right code still verifies.
    assertThat(r.verify(api, r.codeAt(now)).status()).isEqualTo(200);
  }

  private HttpResponse<byte[]> connect(Operation operation, byte[] body)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(mock.baseUrl() + operation.rpcPath()))
            .header("Content-Type", "application/json")
            .header("Connect-Protocol-Version", "1")
            .header("Authorization", "Bearer " + r.token())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }
}
