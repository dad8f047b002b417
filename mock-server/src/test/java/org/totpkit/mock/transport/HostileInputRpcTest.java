package org.totpkit.mock.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.totpkit.mock.testing.RpcStatusAssertions.assertDomainError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.Status;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.totpkit.contract.hooks.model.OtpPolicyChange;
import org.totpkit.mock.ServerOptions;
import org.totpkit.mock.contract.StatusCode;
import org.totpkit.mock.junit.TotpMockServerExtension;
import org.totpkit.mock.testing.MalformedRpcRequests;
import org.totpkit.mock.testing.MalformedRpcRequests.Malformed;
import org.totpkit.mock.testing.PendingRegistration;
import org.totpkit.mock.testing.RawH2;
import org.totpkit.mock.testing.RawHttp;
import org.totpkit.mock.testing.RawSocket;
import org.totpkit.mock.testing.Reply;
import org.totpkit.mock.testing.StateSnapshot;

/**
 * contract/v3alpha.md section 5, "nothing a client sends may end in an internal error of the server
 * beyond these rows, a hung call or a reset stream", as a seeded corpus: {@code hostile.rpc.count}
 * (or {@code hostile.count}, which the REST corpus reads too) generated malformed RPC requests
 * (default 1,000) to every method, over gRPC (raw HTTP/2 frames), gRPC-Web binary and text and
 * Connect proto and JSON (HTTP/2 and raw HTTP/1.1). Each answer has the shape the router's rule
 * gives it (gRPC trailers, a gRPC-Web trailer frame, a Connect error, or REST's 4xx for what is no
 * RPC to the router), a code of the contract (13 only for the two RPC-only rows that name it, never
 * 2), no 5xx but Connect's 501 for an unknown compression, no RST_STREAM and no GOAWAY from the
 * server, within {@code hostile.maxMillis} (default 1,000); the server stays healthy and the state
 * is as it was. Reproduce a run with its seed:
 *
 * <pre>
 * mvn -B -ntp -pl mock-server -am verify -Dtest=HostileInputRpcTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -DskipITs -Dhostile.count=10000 -Dhostile.seed=7
 * </pre>
 */
class HostileInputRpcTest {
  private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SHOWN_FAILURES = 20;

  // The codes a refusal may carry: the contract's, without OK, UNKNOWN (2) or INTERNAL (13).
  private static final Set<Integer> REFUSALS = Set.of(3, 5, 7, 8, 9, 12, 16);

  // The two RPC-only rows of section 5 that are INTERNAL (13), as grpc-go and grpc-java have it.
  private static final List<String> INTERNAL_ROWS =
      List.of(
          "grpc: error unmarshalling request: ",
          "grpc: compressed flag set with identity or empty encoding");

  @RegisterExtension
  static TotpMockServerExtension mock =
      TotpMockServerExtension.with(ServerOptions.defaults().withPort(0).withDemoData(false));

  @Test
  void malformedRpcRequestsGetTheirTransportsRefusalAndChangeNothing() {
    int count = Integer.getInteger("hostile.rpc.count", Integer.getInteger("hostile.count", 1000));
    long seed = Long.getLong("hostile.seed", 7L);
    Duration patience = Duration.ofMillis(Long.getLong("hostile.maxMillis", 1000L));

    RawHttp api = new RawHttp(mock.baseUrl());
    long now = mock.hooks().freezeClock(NOW).getEpochMillis() / 1000;
    PendingRegistration r = PendingRegistration.start(mock.hooks(), api);
    // One failed attempt locks: a malformed verify that counted as a wrong code would show.
    mock.hooks().changePolicy(new OtpPolicyChange().maxFailedAttempts(1).lockSeconds(3600));
    StateSnapshot before = snapshot(r);

    RawSocket socket = new RawSocket(mock.baseUrl());
    List<String> failures = new ArrayList<>();
    Map<String, Integer> outcomes = new TreeMap<>();
    Duration slowest = Duration.ZERO;
    String slowestRequest = "";
    Map<String, Duration> time = new TreeMap<>();
    try (RawH2 h2 = new RawH2(mock.baseUrl())) {
      MalformedRpcRequests corpus =
          new MalformedRpcRequests(
              new MalformedRpcRequests.Target(h2.authority(), r.userId(), r.token(), r.totpId()),
              seed,
              r.wrongCodeAt(now));
      // Class loading on both sides is not the server's answer time: one refused call first.
      for (MalformedRpcRequests.Protocol protocol : MalformedRpcRequests.Protocol.values()) {
        for (MalformedRpcRequests.Wire wire : MalformedRpcRequests.Wire.values()) {
          Malformed warmUp = corpus.warmUp(protocol, wire);
          Seen seen =
              wire == MalformedRpcRequests.Wire.H2
                  ? Seen.of(h2.exchange(warmUp.h2(), Duration.ofSeconds(10)))
                  : Seen.of(socket.exchange(warmUp.http1(), Duration.ofSeconds(10)));
          assertThat(seen.status).as("warm-up %s: %s", warmUp, seen.summary()).isNotZero();
        }
      }
      for (int i = 0; i < count; i++) {
        Malformed request = corpus.get(i);
        Seen seen =
            request.wire() == MalformedRpcRequests.Wire.H2
                ? Seen.of(h2.exchange(request.h2(), Duration.ofSeconds(10)))
                : Seen.of(socket.exchange(request.http1(), Duration.ofSeconds(10)));
        outcomes.merge(
            request.protocol() + " " + request.kind() + " -> " + seen.summary(), 1, Integer::sum);
        if (seen.took.compareTo(slowest) > 0) {
          slowest = seen.took;
          slowestRequest = request.toString();
        }
        time.merge(request.protocol() + " over " + request.wire(), seen.took, Duration::plus);
        String wrong = judge(request, seen, patience, r.token());
        if (wrong != null) {
          failures.add(request + ": " + wrong);
        }
      }
    }
    System.out.printf(
        "hostile RPC corpus: seed %d, %d requests, %d failures, slowest answer %d ms (%s)%n",
        seed, count, failures.size(), slowest.toMillis(), slowestRequest);
    time.forEach((wire, total) -> System.out.printf("  %6d ms  %s%n", total.toMillis(), wire));
    outcomes.forEach((kind, n) -> System.out.printf("  %5d  %s%n", n, kind));
    assertThat(failures)
        .as(
            "requests of seed %d answered wrongly (%d in all, first %d shown)",
            seed, failures.size(), Math.min(SHOWN_FAILURES, failures.size()))
        .satisfies(
            list -> assertThat(list.subList(0, Math.min(SHOWN_FAILURES, list.size()))).isEmpty());

    assertThat(api.send("GET", "/__admin/health", null).status()).as("healthy").isEqualTo(200);
    snapshot(r).assertUnchangedSince(before);
    // The registration took no failed attempt, was not removed, and is still pending.
    Reply verified = r.verify(api, r.codeAt(now));
    assertThat(verified.status()).as("verify after the corpus: %s", verified).isEqualTo(200);
    assertDomainError(
        r.verify(api, r.codeAt(now)),
        400,
        9,
        "COMMAND-qx4ls",
        "Multifactor OTP (OneTimePassword) is already set up");
  }

  private static StateSnapshot snapshot(PendingRegistration r) {
    return StateSnapshot.of(mock.server().service(), List.of(r.userId()), List.of(r.token()));
  }

  /** One answer, from HTTP/2 or HTTP/1.1, as far as the judge needs it. */
  private record Seen(
      int status,
      Map<String, List<String>> headers,
      byte[] body,
      Map<String, List<String>> trailers,
      boolean complete,
      int serverReset,
      String goAway,
      boolean http1Closed,
      Duration took,
      String problem) {
    static Seen of(RawH2.Answer a) {
      return new Seen(
          a.status(),
          a.headers(),
          a.body(),
          a.trailers(),
          a.complete(),
          a.serverReset(),
          a.goAway(),
          false,
          a.took(),
          a.problem());
    }

    static Seen of(RawSocket.Answer a) {
      return new Seen(
          a.reply().status(),
          a.reply().headers(),
          a.bodyBytes(),
          Map.of(),
          a.answered(),
          -1,
          null,
          a.closed(),
          a.took(),
          a.problem());
    }

    String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
          return e.getValue().get(0);
        }
      }
      return null;
    }

    String summary() {
      if (status == 0) {
        return problem != null ? "no answer" : serverReset >= 0 ? "reset" : "nothing";
      }
      String grpc = header("grpc-status");
      for (Map.Entry<String, List<String>> e : trailers.entrySet()) {
        if (e.getKey().equalsIgnoreCase("grpc-status")) {
          grpc = e.getValue().get(0);
        }
      }
      String type = mediaType(header("content-type"));
      if (grpc == null && type.startsWith("application/grpc-web")) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        if (type.startsWith("application/grpc-web-text")) {
          try {
            text = new String(Base64.getDecoder().decode(text.trim()), StandardCharsets.ISO_8859_1);
          } catch (IllegalArgumentException notBase64) {
            text = "";
          }
        }
        java.util.regex.Matcher m =
            java.util.regex.Pattern.compile("grpc-status: ?(\\d+)").matcher(text);
        grpc = m.find() ? m.group(1) : null;
      }
      if (grpc == null && type.equals("application/json") && status != 200) {
        try {
          return status + " " + JSON.readTree(body).path("code").asText();
        } catch (java.io.IOException notJson) {
          return status + " (not JSON)";
        }
      }
      return status + (grpc != null ? " grpc-status " + grpc : "");
    }
  }

  /** What is wrong with {@code seen}, or null when it is what the contract asks. */
  private static String judge(Malformed request, Seen seen, Duration patience, String token) {
    if (seen.problem != null) {
      return seen.problem;
    }
    if (seen.serverReset >= 0 && !(seen.complete && seen.serverReset == 0)) {
      // RST_STREAM(NO_ERROR) after a complete answer only asks the client to stop sending.
      return "RST_STREAM from the server, error " + seen.serverReset;
    }
    if (seen.goAway != null) {
      return "GOAWAY from the server: " + seen.goAway;
    }
    if (request.ending() == RawH2.Ending.CLIENT_RESET && seen.status == 0) {
      return null;
    }
    if (!seen.complete || seen.status == 0) {
      return "no complete answer";
    }
    if (seen.took.compareTo(patience) > 0) {
      return "answered after " + seen.took.toMillis() + " ms";
    }
    String everything =
        seen.headers
            + " "
            + seen.trailers
            + " "
            + new String(seen.body, StandardCharsets.ISO_8859_1);
    if (everything.contains(token)) {
      return "the token in the answer";
    }
    // Jetty may refuse the request head before routing, as it does on REST: REST's 400.
    if (request.restAllowed() && seen.status == 400 && rest(seen) == null) {
      return null;
    }
    return switch (request.shape()) {
      case GRPC -> grpc(request, seen);
      case GRPC_WEB -> grpcWeb(request, seen);
      case CONNECT -> connect(request, seen);
      case REST -> rest(seen);
    };
  }

  private static String grpc(Malformed request, Seen seen) {
    if (seen.status != 200) {
      return "HTTP " + seen.status + " for gRPC";
    }
    if (!mediaType(seen.header("content-type")).startsWith("application/grpc")) {
      return "Content-Type " + seen.header("content-type");
    }
    // Trailers-only (the status in the headers, no body) or the status in trailers.
    Map<String, String> status = new LinkedHashMap<>();
    Map<String, List<String>> source = seen.trailers.isEmpty() ? seen.headers : seen.trailers;
    for (String name : List.of("grpc-status", "grpc-message", "grpc-status-details-bin")) {
      for (Map.Entry<String, List<String>> e : source.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          status.put(name, e.getValue().get(0));
        }
      }
    }
    if (seen.trailers.isEmpty() && seen.body.length > 0) {
      return "a body but no trailers";
    }
    return status(request, status);
  }

  private static String grpcWeb(Malformed request, Seen seen) {
    if (seen.status != 200) {
      return "HTTP " + seen.status + " for gRPC-Web";
    }
    String type = mediaType(seen.header("content-type"));
    if (!type.startsWith("application/grpc-web")) {
      return "Content-Type " + type;
    }
    if (seen.header("grpc-status") != null) {
      // Trailers-only in the headers is allowed too (PROTOCOL-WEB.md).
      Map<String, String> status = new LinkedHashMap<>();
      status.put("grpc-status", seen.header("grpc-status"));
      status.put("grpc-message", seen.header("grpc-message"));
      status.put("grpc-status-details-bin", seen.header("grpc-status-details-bin"));
      status.values().removeIf(v -> v == null);
      return status(request, status);
    }
    byte[] body = seen.body;
    if (type.startsWith("application/grpc-web-text")) {
      try {
        body = Base64.getDecoder().decode(new String(body, StandardCharsets.US_ASCII).trim());
      } catch (IllegalArgumentException e) {
        return "a text answer that is not base64";
      }
    }
    ByteBuffer in = ByteBuffer.wrap(body);
    Map<String, String> trailers = null;
    while (in.remaining() > 0) {
      if (in.remaining() < 5) {
        return "a cut frame in the answer";
      }
      byte flag = in.get();
      int length = in.getInt();
      if (length < 0 || length > in.remaining()) {
        return "a frame longer than the answer";
      }
      byte[] payload = new byte[length];
      in.get(payload);
      if (flag == (byte) 0x80) {
        trailers = new LinkedHashMap<>();
        for (String line : new String(payload, StandardCharsets.US_ASCII).split("\r\n")) {
          int colon = line.indexOf(':');
          if (colon < 0) {
            return "trailer line without a colon: " + line;
          }
          trailers.put(
              line.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
              line.substring(colon + 1).trim());
        }
      } else if (flag != 0) {
        return "frame flag " + flag + " in the answer";
      }
    }
    if (trailers == null) {
      return "no trailer frame";
    }
    return status(request, trailers);
  }

  /** The gRPC status (trailers or the gRPC-Web trailer frame). */
  private static String status(Malformed request, Map<String, String> status) {
    String value = status.get("grpc-status");
    if (value == null) {
      return "no grpc-status";
    }
    int code;
    try {
      code = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return "grpc-status " + value;
    }
    String message =
        URLDecoder.decode(
            status.getOrDefault("grpc-message", "").replace("+", "%2B"), StandardCharsets.UTF_8);
    String wrong = code(request, code, message);
    if (wrong != null) {
      return wrong;
    }
    String details = status.get("grpc-status-details-bin");
    if (details != null) {
      try {
        Status decoded = Status.parseFrom(Base64.getDecoder().decode(details));
        if (decoded.getCode() != code || !decoded.getMessage().equals(message)) {
          return "grpc-status-details-bin disagrees with grpc-status " + code;
        }
      } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
        return "grpc-status-details-bin does not decode";
      }
    }
    return null;
  }

  private static String code(Malformed request, int code, String message) {
    if (code == 0) {
      return "OK for a malformed call";
    }
    if (code == 13 && INTERNAL_ROWS.stream().anyMatch(message::startsWith)) {
      return request.code() == -1 || request.code() == 13
          ? null
          : "13 (" + message + "), not " + request.code();
    }
    if (!REFUSALS.contains(code)) {
      return "code " + code + " (" + message + ")";
    }
    if (request.code() != -1 && request.code() != code) {
      return "code " + code + " (" + message + "), not " + request.code();
    }
    return message.isBlank() ? "no grpc-message" : null;
  }

  private static String connect(Malformed request, Seen seen) {
    if (!mediaType(seen.header("content-type")).equals("application/json")) {
      return "Content-Type " + seen.header("content-type") + " of HTTP " + seen.status;
    }
    JsonNode body;
    try {
      body = JSON.readTree(seen.body);
    } catch (Exception e) {
      return "HTTP " + seen.status + " body is not JSON";
    }
    if (body == null || !body.path("code").isTextual() || !body.path("message").isTextual()) {
      // Never the body itself: a success would carry the secret.
      return "HTTP " + seen.status + " is not a Connect error";
    }
    StatusCode code = null;
    for (StatusCode c : StatusCode.values()) {
      if (c.connectName.equals(body.path("code").asText())) {
        code = c;
      }
    }
    if (code == null || code == StatusCode.OK) {
      return "Connect code " + body.path("code");
    }
    if (code.httpStatus() != seen.status) {
      return "HTTP " + seen.status + " for Connect code " + code.connectName;
    }
    // 501 is Connect's unimplemented, which section 5 gives an unknown compression; no other 5xx.
    if (seen.status >= 500 && code != StatusCode.UNIMPLEMENTED) {
      return "HTTP " + seen.status;
    }
    return code(request, code.value, body.path("message").asText());
  }

  private static String rest(Seen seen) {
    if (seen.status < 400 || seen.status > 499) {
      return "HTTP " + seen.status + " where REST answers";
    }
    if (!mediaType(seen.header("content-type")).equals("application/json")) {
      return "Content-Type " + seen.header("content-type") + " of HTTP " + seen.status;
    }
    JsonNode body;
    try {
      body = JSON.readTree(seen.body);
    } catch (Exception e) {
      return "HTTP " + seen.status + " body is not JSON";
    }
    if (body == null || !body.path("code").isInt() || !body.path("message").isTextual()) {
      return "not an rpcStatus: HTTP " + seen.status;
    }
    int code = body.path("code").asInt();
    StatusCode known = StatusCode.of(code);
    boolean matches =
        known != null
            && (known.httpStatus() == seen.status
                || (code == 12 && seen.status == 405)
                || (code == 3 && seen.status == 431));
    return matches ? null : "code " + code + " for HTTP " + seen.status;
  }

  private static String mediaType(String contentType) {
    return contentType == null
        ? ""
        : contentType.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
  }
}
