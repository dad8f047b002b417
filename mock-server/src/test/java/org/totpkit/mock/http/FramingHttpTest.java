package org.totpkit.mock.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.totpkit.mock.testing.RpcStatusAssertions.assertClientErrorShape;
import static org.totpkit.mock.testing.RpcStatusAssertions.assertPlainError;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.totpkit.mock.junit.TotpMockServerExtension;
import org.totpkit.mock.testing.PendingRegistration;
import org.totpkit.mock.testing.RawHttp;
import org.totpkit.mock.testing.RawSocket;
import org.totpkit.mock.testing.Reply;
import org.totpkit.mock.testing.ResetAfterEach;

/**
 * A body whose framing is broken (bad chunk sizes, two lengths, a length that is no number) is a
 * 400 in the contract's shape on the API and on the hooks, and the connection is closed: what
 * follows on it cannot be told apart from the body. Such requests used to answer 500/13.
 */
class FramingHttpTest {
  @RegisterExtension static TotpMockServerExtension mock = TotpMockServerExtension.onFreePort();
  @RegisterExtension static ResetAfterEach reset = new ResetAfterEach(mock);

  private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);

  private PendingRegistration r;

  @BeforeEach
  void aRealRegistration() {
    r = PendingRegistration.start(mock.hooks(), new RawHttp(mock.baseUrl()));
  }

  static Stream<Arguments> brokenFraming() {
    String chunked = "Transfer-Encoding: chunked\r\n";
    return Stream.of(
        Arguments.of("chunk size zz", chunked, "zz\r\n\"123456\"\r\n0\r\n\r\n"),
        Arguments.of("chunk size -1", chunked, "-1\r\n\"123456\"\r\n0\r\n\r\n"),
        Arguments.of("chunk size 0x5", chunked, "0x5\r\n\"1234\r\n0\r\n\r\n"),
        Arguments.of("blank chunk size", chunked, "\r\n\"123456\"\r\n0\r\n\r\n"),
        Arguments.of("chunk longer than its size", chunked, "2\r\n\"123456\"\r\n0\r\n\r\n"),
        Arguments.of("chunk longer than its size (issue 20)", chunked, "1\r\nfalse\r\n0\r\n\r\n"),
        Arguments.of("chunk data without its line end", chunked, "8\r\n\"123456\"0\r\n\r\n"),
        Arguments.of("chunk size past 2^63", chunked, "ffffffffffffffffff\r\n\"1\r\n0\r\n\r\n"),
        Arguments.of("no last chunk", chunked, "8\r\n\"123456\"\r\n"),
        Arguments.of(
            "Content-Length and chunked",
            "Content-Length: 8\r\n" + chunked,
            "8\r\n\"123456\"\r\n0\r\n\r\n"),
        Arguments.of("Content-Length abc", "Content-Length: abc\r\n", "\"123456\""),
        Arguments.of("Content-Length -1", "Content-Length: -1\r\n", "\"123456\""),
        Arguments.of(
            "Content-Length past 2^63", "Content-Length: 99999999999999999999\r\n", "\"123456\""),
        Arguments.of(
            "two different Content-Lengths",
            "Content-Length: 8\r\nContent-Length: 9\r\n",
            "\"123456\""),
        Arguments.of("Content-Length longer than the body", "Content-Length: 50\r\n", "\"123456\""),
        Arguments.of("unknown transfer coding", "Transfer-Encoding: gzip\r\n", "\"123456\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenFraming")
  void brokenFramingIsAClientErrorOnTheApiAndTheHooks(String name, String headers, String body) {
    String verify = RawHttp.registrationPath(r.userId(), r.totpId()) + "/_verify";
    for (String target : List.of(verify, "/__admin/totp/users")) {
      RawSocket.Answer answer = send(target, headers, body);
      assertThat(answer.problem()).as("%s to %s", name, target).isNull();
      assertPlainError(answer.reply(), 400, 3);
      assertThat(answer.closed()).as("closed after %s", name).isTrue();
    }
    // Nothing reached the domain: the registration still takes its code.
    long now = mock.hooks().freezeClock(NOW).getEpochMillis() / 1000;
    Reply verified = r.verify(new RawHttp(mock.baseUrl()), r.codeAt(now));
    assertThat(verified.status()).as("verify after %s: %s", name, verified).isEqualTo(200);
  }

  /** gRPC-Web and Connect over HTTP/1.1 read their own bodies, ahead of the request gate. */
  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("brokenChunksOverRpc")
  void brokenFramingOfAnRpcIsAClientError(String name, String contentType, String body) {
    String start = "/zitadel.resources.user.v3alpha.ZITADELUsers/StartTOTPRegistration";
    RawSocket socket = new RawSocket(mock.baseUrl());
    String request =
        "POST "
            + start
            + " HTTP/1.1\r\nHost: "
            + socket.hostHeader()
            + "\r\nAuthorization: Bearer "
            + r.token()
            + "\r\nContent-Type: "
            + contentType
            + "\r\nTransfer-Encoding: chunked\r\n\r\n"
            + body;
    RawSocket.Answer answer =
        socket.exchange(request.getBytes(StandardCharsets.ISO_8859_1), Duration.ofSeconds(5));
    assertThat(answer.problem()).as("%s as %s", name, contentType).isNull();
    assertPlainError(answer.reply(), 400, 3);
    assertThat(answer.closed()).as("closed after %s", name).isTrue();
  }

  static Stream<Arguments> brokenChunksOverRpc() {
    return Stream.of("application/json", "application/proto", "application/grpc-web+proto")
        .flatMap(
            type ->
                Stream.of(
                    Arguments.of("chunk size zz", type, "zz\r\nabc\r\n0\r\n\r\n"),
                    Arguments.of("chunk size -1", type, "-1\r\nabc\r\n0\r\n\r\n"),
                    Arguments.of("chunk size 0x5", type, "0x5\r\nabc\r\n0\r\n\r\n"),
                    Arguments.of("chunk longer than its size", type, "1\r\nfalse\r\n0\r\n\r\n")));
  }

  @ParameterizedTest
  @ValueSource(ints = {100, 20_000})
  void chunkExtensionsAreLegalAndSkipped(int length) {
    // A short code in a chunk with an extension: the body is read, and judged by row 7.
    String verify = RawHttp.registrationPath(r.userId(), r.totpId()) + "/_verify";
    String body = "4;" + "x".repeat(length) + "\r\n\"12\"\r\n0\r\n\r\n";
    RawSocket.Answer answer = send(verify, "Transfer-Encoding: chunked\r\n", body);
    assertThat(answer.problem()).isNull();
    assertClientErrorShape(answer.reply());
  }

  private RawSocket.Answer send(String target, String headers, String body) {
    RawSocket socket = new RawSocket(mock.baseUrl());
    String request =
        "POST "
            + target
            + " HTTP/1.1\r\nHost: "
            + socket.hostHeader()
            + "\r\nAuthorization: Bearer "
            + r.token()
            + "\r\nContent-Type: application/json\r\n"
            + headers
            + "\r\n"
            + body;
    return socket.exchange(request.getBytes(StandardCharsets.ISO_8859_1), Duration.ofSeconds(5));
  }
}
