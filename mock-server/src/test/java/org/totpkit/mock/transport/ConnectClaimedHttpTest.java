package org.totpkit.mock.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.totpkit.contract.proto.zitadel.resources.user.v3alpha.VerifyTOTPRegistrationRequest;
import org.totpkit.contract.proto.zitadel.resources.user.v3alpha.VerifyTOTPRegistrationResponse;
import org.totpkit.mock.contract.Operation;
import org.totpkit.mock.junit.HooksClient;
import org.totpkit.mock.junit.TotpMockServerExtension;
import org.totpkit.mock.testing.PendingRegistration;
import org.totpkit.mock.testing.RawHttp;
import org.totpkit.mock.testing.ResetAfterEach;

/**
 * A plain Connect call is answered before WireMock's handlers and the servlet filters; a call that
 * names gzip in {@code Accept-Encoding} still goes the servlet way (through Jetty's compression
 * handler). Both ways give the same answer, byte for byte: status, content type, length and body,
 * for the contract's rows, the RPC-only rows and a success.
 */
class ConnectClaimedHttpTest {
  @RegisterExtension static TotpMockServerExtension mock = TotpMockServerExtension.onFreePort();
  @RegisterExtension static ResetAfterEach reset = new ResetAfterEach(mock);

  static final Instant NOW = Instant.parse("2030-01-01T00:00:10.250Z");
  static final String VERIFY = Operation.VERIFY.rpcPath();
  // Names gzip: the servlet way, whose answers to a POST are not compressed.
  static final String[] SERVLET_WAY = {"Accept-Encoding", "gzip"};

  final HooksClient hooks = mock.hooks();
  final RawHttp api = new RawHttp(mock.baseUrl());

  @BeforeEach
  void freezeTime() {
    hooks.freezeClock(NOW);
  }

  @Test
  void everyRowAnswersTheSameBytesOnBothWays() {
    PendingRegistration one = PendingRegistration.start(hooks, api);
    PendingRegistration two = PendingRegistration.start(hooks, api);
    long now = NOW.getEpochSecond();
    // A wrong code counts against the registration: each way verifies its own, once.
    same(
        connect(json(one, one.wrongCodeAt(now)), "application/json", bearer(one)),
        connect(json(two, two.wrongCodeAt(now)), "application/json", bearer(two), SERVLET_WAY));
    PendingRegistration three = PendingRegistration.start(hooks, api);
    PendingRegistration four = PendingRegistration.start(hooks, api);
    same(
        connect(proto(three, three.wrongCodeAt(now)), "application/proto", bearer(three)),
        connect(
            proto(four, four.wrongCodeAt(now)), "application/proto", bearer(four), SERVLET_WAY));

    List<byte[]> bodies =
        List.of(
            json(one, one.codeAt(now)),
            "{\"id\":".getBytes(StandardCharsets.UTF_8),
            "{\"id\":5}".getBytes(StandardCharsets.UTF_8),
            "[]".getBytes(StandardCharsets.UTF_8),
            new byte[0],
            new byte[70 * 1024]);
    for (byte[] body : bodies) {
      // No token: row 5 (or the RPC-only row of a body that is not a request) before any state.
      same(connect(body, "application/json"), connect(body, "application/json", SERVLET_WAY));
      same(connect(body, "application/proto"), connect(body, "application/proto", SERVLET_WAY));
    }
    byte[] right = json(one, one.codeAt(now));
    String[] brotli = {"Content-Encoding", "br"};
    same(
        connect(right, "application/json", bearer(one), brotli),
        connect(right, "application/json", bearer(one), brotli, SERVLET_WAY));
  }

  @Test
  void aSuccessIsCompressedOnlyForAClientThatAsks() throws Exception {
    PendingRegistration one = PendingRegistration.start(hooks, api);
    PendingRegistration two = PendingRegistration.start(hooks, api);
    long now = NOW.getEpochSecond();
    HttpResponse<byte[]> plain =
        connect(proto(one, one.codeAt(now)), "application/proto", bearer(one));
    HttpResponse<byte[]> servlet =
        connect(proto(two, two.codeAt(now)), "application/proto", bearer(two), SERVLET_WAY);

    for (HttpResponse<byte[]> answer : List.of(plain, servlet)) {
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.headers().firstValue("content-type")).hasValue("application/proto");
      assertThat(answer.headers().firstValueAsLong("content-length"))
          .hasValue(answer.body().length);
    }
    assertThat(plain.headers().firstValue("content-encoding")).isEmpty();
    assertThat(VerifyTOTPRegistrationResponse.parseFrom(plain.body()).getDetails().getId())
        .isEqualTo(one.userId());
    // Jetty's compression handler, on the servlet way, as before.
    assertThat(servlet.headers().firstValue("content-encoding")).hasValue("gzip");
    byte[] inflated = new GZIPInputStream(new ByteArrayInputStream(servlet.body())).readAllBytes();
    assertThat(VerifyTOTPRegistrationResponse.parseFrom(inflated).getDetails().getId())
        .isEqualTo(two.userId());
  }

  private static void same(HttpResponse<byte[]> plain, HttpResponse<byte[]> servlet) {
    assertThat(plain.statusCode()).as("status").isEqualTo(servlet.statusCode());
    // 501 is Connect's own for an encoding it does not take; never Jetty's or a failure's 500.
    assertThat(plain.statusCode()).as("never a server failure").isNotEqualTo(500);
    for (String header : List.of("content-type", "content-length", "content-encoding")) {
      assertThat(plain.headers().allValues(header))
          .as(header)
          .isEqualTo(servlet.headers().allValues(header));
    }
    assertThat(new String(plain.body(), StandardCharsets.UTF_8))
        .isEqualTo(new String(servlet.body(), StandardCharsets.UTF_8));
  }

  private static HttpResponse<byte[]> connect(byte[] body, String type, String[]... headers) {
    return Clients.post(
        mock.baseUrl() + VERIFY,
        type,
        body,
        Arrays.stream(headers).flatMap(Arrays::stream).toArray(String[]::new));
  }

  private static String[] bearer(PendingRegistration registration) {
    return new String[] {"Authorization", "Bearer " + registration.token()};
  }

  private static VerifyTOTPRegistrationRequest request(PendingRegistration r, String code) {
    return VerifyTOTPRegistrationRequest.newBuilder()
        .setId(r.userId())
        .setTotpId(r.totpId())
        .setCode(code)
        .build();
  }

  private static byte[] json(PendingRegistration r, String code) {
    return ("{\"id\":\""
            + r.userId()
            + "\",\"totpId\":\""
            + r.totpId()
            + "\",\"code\":\""
            + code
            + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] proto(PendingRegistration r, String code) {
    return request(r, code).toByteArray();
  }
}
