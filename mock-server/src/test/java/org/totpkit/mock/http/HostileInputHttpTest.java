package org.totpkit.mock.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.totpkit.mock.testing.RpcStatusAssertions.assertDomainError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.totpkit.contract.hooks.model.OtpPolicyChange;
import org.totpkit.mock.ServerOptions;
import org.totpkit.mock.junit.TotpMockServerExtension;
import org.totpkit.mock.testing.MalformedRequests;
import org.totpkit.mock.testing.PendingRegistration;
import org.totpkit.mock.testing.RawHttp;
import org.totpkit.mock.testing.RawSocket;
import org.totpkit.mock.testing.Reply;
import org.totpkit.mock.testing.StateSnapshot;

/**
 * contract/v3alpha.md section 3, "never a 5xx for anything a client sends", as a seeded corpus:
 * {@code hostile.count} generated malformed requests (default 10,000) over raw sockets to every
 * route, hooks included. Each answer is a 4xx in the contract's error shape within {@code
 * hostile.maxMillis} (default 1,000); an oversized request is answered and its connection closed;
 * the server stays healthy and the state is as it was. Reproduce a run with its seed:
 *
 * <pre>
 * mvn -B -ntp -pl mock-server -am verify -Dtest=HostileInputHttpTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -DskipITs -Dhostile.count=10000 -Dhostile.seed=7
 * </pre>
 */
class HostileInputHttpTest {
  private static final String ADMIN_TOKEN = "hostile-admin-token";
  private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SHOWN_FAILURES = 20;

  @RegisterExtension
  static TotpMockServerExtension mock =
      TotpMockServerExtension.with(
          ServerOptions.defaults().withPort(0).withDemoData(false).withAdminToken(ADMIN_TOKEN));

  @Test
  void malformedRequestsGetA4xxInTheContractShapeAndChangeNothing() {
    int count = Integer.getInteger("hostile.count", 10_000);
    long seed = Long.getLong("hostile.seed", 7L);
    Duration patience = Duration.ofMillis(Long.getLong("hostile.maxMillis", 1000L));

    RawHttp api = new RawHttp(mock.baseUrl());
    long now = mock.hooks().freezeClock(NOW).getEpochMillis() / 1000;
    PendingRegistration r = PendingRegistration.start(mock.hooks(), api);
    // One failed attempt locks: a malformed verify that counted as a wrong code would show.
    mock.hooks().changePolicy(new OtpPolicyChange().maxFailedAttempts(1).lockSeconds(3600));
    StateSnapshot before = snapshot(r);

    RawSocket socket = new RawSocket(mock.baseUrl());
    MalformedRequests corpus =
        new MalformedRequests(
            new MalformedRequests.Target(
                socket.hostHeader(), r.userId(), r.token(), r.totpId(), ADMIN_TOKEN),
            seed,
            r.wrongCodeAt(now));
    List<String> failures = new ArrayList<>();
    Map<String, Integer> statuses = new TreeMap<>();
    Duration slowest = Duration.ZERO;
    int hung = 0;
    int serverErrors = 0;
    for (int i = 0; i < count; i++) {
      MalformedRequests.Malformed request = corpus.get(i);
      RawSocket.Answer answer = socket.exchange(request.bytes(), Duration.ofSeconds(10));
      statuses.merge(request.kind() + " -> " + answer.reply().status(), 1, Integer::sum);
      hung += answer.closed() ? 0 : 1;
      serverErrors += answer.reply().status() >= 500 ? 1 : 0;
      slowest = answer.took().compareTo(slowest) > 0 ? answer.took() : slowest;
      String wrong = judge(request, answer, patience, r.token());
      if (wrong != null) {
        failures.add(request + ": " + wrong);
      }
    }
    System.out.printf(
        "hostile corpus: seed %d, %d requests, %d failures, %d hung, %d 5xx, slowest answer %d ms%n",
        seed, count, failures.size(), hung, serverErrors, slowest.toMillis());
    statuses.forEach((kind, n) -> System.out.printf("  %5d  %s%n", n, kind));
    assertThat(hung).as("connections left hanging (no answer and no close)").isZero();
    assertThat(serverErrors).as("5xx answers").isZero();
    assertThat(failures)
        .as(
            "requests of seed %d answered wrongly (first %d shown)",
            seed, Math.min(SHOWN_FAILURES, failures.size()))
        .satisfies(
            list -> assertThat(list.subList(0, Math.min(SHOWN_FAILURES, list.size()))).isEmpty());

    assertThat(api.send("GET", "/__admin/health", null).status()).as("healthy").isEqualTo(200);
    snapshot(r).assertUnchangedSince(before);
    // The registration took no failed attempt and is still pending.
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

  /** What is wrong with {@code answer}, or null when it is what the contract asks. */
  private static String judge(
      MalformedRequests.Malformed request,
      RawSocket.Answer answer,
      Duration patience,
      String token) {
    if (answer.problem() != null) {
      return answer.problem();
    }
    Reply reply = answer.reply();
    if (!answer.answered()) {
      return "no HTTP answer";
    }
    if (reply.status() < 400 || reply.status() > 499) {
      return "status " + reply;
    }
    if (answer.took().compareTo(patience) > 0) {
      return "answered after " + answer.took().toMillis() + " ms";
    }
    if (request.oversized() && !answer.closed()) {
      return "connection left open after an oversized request";
    }
    String type = reply.header("Content-Type").orElse("");
    if (!type.split(";")[0].trim().equals("application/json")) {
      return "Content-Type '" + type + "' of " + reply;
    }
    if (reply.body().contains(token) || reply.body().contains(ADMIN_TOKEN)) {
      return "a token in the answer";
    }
    JsonNode body;
    try {
      body = JSON.readTree(reply.body());
    } catch (Exception e) {
      return "body is not JSON: " + reply;
    }
    if (body == null
        || !body.isObject()
        || !body.path("code").isInt()
        || !body.path("message").isTextual()) {
      return "not an rpcStatus: " + reply;
    }
    List<String> fields = new ArrayList<>();
    body.fieldNames().forEachRemaining(fields::add);
    if (!List.of("code", "message", "details").containsAll(fields)) {
      return "fields " + fields + " in " + reply;
    }
    int code = body.path("code").asInt();
    if (code != expectedCode(reply.status(), code)) {
      return "gRPC code " + code + " for HTTP " + reply.status();
    }
    return null;
  }

  // grpc-gateway's HTTPStatusFromCode backwards; 400 is code 3 or 9 (already verified).
  private static int expectedCode(int status, int code) {
    return switch (status) {
      case 401 -> 16;
      case 403 -> 7;
      case 404 -> 5;
      case 405 -> 12;
      case 429 -> 8;
      case 400 -> code == 9 ? 9 : 3;
      default -> 3;
    };
  }
}
