package org.totpkit.mock.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.totpkit.contract.hooks.model.CreatedUser;
import org.totpkit.contract.proto.zitadel.object.v2.Details;
import org.totpkit.contract.proto.zitadel.user.v2.RegisterTOTPRequest;
import org.totpkit.contract.proto.zitadel.user.v2.RegisterTOTPResponse;
import org.totpkit.contract.proto.zitadel.user.v2.RemoveTOTPRequest;
import org.totpkit.contract.proto.zitadel.user.v2.RemoveTOTPResponse;
import org.totpkit.contract.proto.zitadel.user.v2.VerifyTOTPRegistrationRequest;
import org.totpkit.contract.proto.zitadel.user.v2.VerifyTOTPRegistrationResponse;
import org.totpkit.mock.contract.Operation;
import org.totpkit.mock.contract.v2.V2Operation;
import org.totpkit.mock.junit.HooksClient;
import org.totpkit.mock.junit.TotpMockServerExtension;
import org.totpkit.mock.testing.JceTotp;
import org.totpkit.mock.testing.ResetAfterEach;
import org.totpkit.mock.transport.TransportClient.Result;

/**
 * The v2 user service over REST, gRPC (grpc-java's generated stubs), gRPC-Web (binary and text) and
 * Connect (JSON and proto): every success and every error row a client can reach gives the same
 * code, message, ErrorDetail and fields on each, from one order of checks.
 */
class V2TransportParityTest {
  @RegisterExtension static TotpMockServerExtension mock = TotpMockServerExtension.onFreePort();
  @RegisterExtension static ResetAfterEach reset = new ResetAfterEach(mock);

  static final Instant NOW = Instant.parse("2030-01-01T00:00:10.250Z");
  static final long NOW_S = NOW.getEpochSecond();

  static Clients.Grpc grpc;
  static List<V2Clients.Client> clients;

  final HooksClient hooks = mock.hooks();

  @BeforeAll
  static void connect() {
    grpc = new Clients.Grpc(mock.server().port());
    clients = V2Clients.all(mock.baseUrl(), grpc);
  }

  @AfterAll
  static void disconnect() {
    grpc.close();
  }

  @BeforeEach
  void freezeTime() {
    hooks.freezeClock(NOW);
  }

  /** A user with a pending v2 TOTP (registered over REST), and another user. */
  record Fixture(CreatedUser user, String secret, CreatedUser other, HooksClient hooks) {
    String bearer() {
      return "Bearer " + user.getToken();
    }

    String id() {
      return user.getUserId();
    }

    String code() {
      return JceTotp.totp(secret, NOW_S);
    }

    /** Makes the TOTP ready, over REST. */
    Fixture ready(V2Clients.Client rest) {
      Result verified = rest.call(V2Operation.VERIFY, verify(id(), code()), bearer());
      assertThat(verified.code()).as("verify over REST: %s", verified).isZero();
      return this;
    }
  }

  record Case(String row, BiFunction<V2Clients.Client, Fixture, Result> call) {
    @Override
    public String toString() {
      return row;
    }
  }

  static RegisterTOTPRequest register(String user) {
    return RegisterTOTPRequest.newBuilder().setUserId(user).build();
  }

  static VerifyTOTPRegistrationRequest verify(String user, String code) {
    return VerifyTOTPRegistrationRequest.newBuilder().setUserId(user).setCode(code).build();
  }

  static RemoveTOTPRequest remove(String user) {
    return RemoveTOTPRequest.newBuilder().setUserId(user).build();
  }

  static Stream<Case> rows() {
    V2Clients.Client rest = new V2Clients.Rest(mock.baseUrl());
    return Stream.of(
        new Case(
            "success: register",
            (c, f) -> c.call(V2Operation.REGISTER, register(f.id()), f.bearer())),
        new Case(
            "success: verify",
            (c, f) -> c.call(V2Operation.VERIFY, verify(f.id(), f.code()), f.bearer())),
        new Case(
            "success: verify, whitespace trimmed",
            (c, f) ->
                c.call(V2Operation.VERIFY, verify(f.id(), " " + f.code() + "\n"), f.bearer())),
        new Case(
            "success: remove", (c, f) -> c.call(V2Operation.REMOVE, remove(f.id()), f.bearer())),
        new Case(
            "auth: no authorization",
            (c, f) -> c.call(V2Operation.REGISTER, register(f.id()), null)),
        new Case(
            "auth: not bearer",
            (c, f) -> c.call(V2Operation.REMOVE, remove(f.id()), "Basic dXNlcjpwYXNz")),
        new Case(
            "auth: unknown token",
            (c, f) -> c.call(V2Operation.VERIFY, verify(f.id(), f.code()), "Bearer nope")),
        new Case(
            "field: user id of 201",
            (c, f) -> c.call(V2Operation.REGISTER, register("x".repeat(201)), f.bearer())),
        new Case(
            "field: empty code",
            (c, f) -> c.call(V2Operation.VERIFY, verify(f.id(), ""), f.bearer())),
        new Case(
            "register: unknown user",
            (c, f) -> c.call(V2Operation.REGISTER, register("no-such-user"), f.bearer())),
        new Case(
            "register: member without the permission",
            (c, f) ->
                c.call(
                    V2Operation.REGISTER,
                    register(f.id()),
                    "Bearer " + f.hooks().createToken(f.user().getOrgId()))),
        new Case(
            "register: no membership",
            (c, f) ->
                c.call(V2Operation.REGISTER, register(f.id()), "Bearer " + f.other().getToken())),
        new Case(
            "register: ready",
            (c, f) -> c.call(V2Operation.REGISTER, register(f.ready(rest).id()), f.bearer())),
        new Case(
            "verify: unknown user",
            (c, f) -> c.call(V2Operation.VERIFY, verify("no-such-user", "123456"), f.bearer())),
        new Case(
            "verify: no TOTP",
            (c, f) ->
                c.call(
                    V2Operation.VERIFY,
                    verify(f.other().getUserId(), "123456"),
                    "Bearer " + f.other().getToken())),
        new Case(
            "verify: ready",
            (c, f) -> c.call(V2Operation.VERIFY, verify(f.ready(rest).id(), f.code()), f.bearer())),
        new Case(
            "verify: three digits",
            (c, f) -> c.call(V2Operation.VERIFY, verify(f.id(), "123"), f.bearer())),
        new Case(
            "remove: no TOTP",
            (c, f) -> c.call(V2Operation.REMOVE, remove(f.other().getUserId()), f.bearer())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void everyTransportAnswersTheSame(Case row) {
    Map<String, Object> seen = new LinkedHashMap<>();
    Map<String, Result> raw = new LinkedHashMap<>();
    V2Clients.Client rest = new V2Clients.Rest(mock.baseUrl());
    for (V2Clients.Client client : clients) {
      hooks.reset();
      hooks.freezeClock(NOW);
      CreatedUser user = hooks.createUser();
      Result registered =
          rest.call(V2Operation.REGISTER, register(user.getUserId()), "Bearer " + user.getToken());
      assertThat(registered.code()).as("fixture: %s", registered).isZero();
      Fixture fixture =
          new Fixture(
              user,
              ((RegisterTOTPResponse) registered.response()).getSecret(),
              hooks.createUser(),
              hooks);
      Result result = row.call().apply(client, fixture);
      raw.put(client.name(), result);
      seen.put(client.name(), comparable(result, fixture));
    }
    Object restSeen = seen.get("REST");
    assertThat(seen)
        .as("%s over every transport: %s", row, raw)
        .allSatisfy((name, value) -> assertThat(value).as(name).isEqualTo(restSeen));
    Result restResult = raw.get("REST");
    if (row.row().startsWith("success")) {
      assertThat(restResult.code()).isZero();
    } else {
      assertThat(restResult.code()).as("an error on REST").isNotZero();
      assertThat(restResult.message()).isNotBlank();
    }
  }

  @Test
  void theRpcOnlyRowsNameTheV2Service() {
    String service = "/" + V2Operation.SERVICE;
    Result unknown =
        Clients.GrpcWeb.parse(
            Operation.START,
            Clients.post(
                    mock.baseUrl() + service + "/ListUsers",
                    "application/grpc-web+proto",
                    Clients.frame((byte) 0, new byte[0]),
                    "X-Grpc-Web",
                    "1")
                .body());
    assertThat(unknown.code()).isEqualTo(12);
    assertThat(unknown.message())
        .isEqualTo("unknown method ListUsers for service zitadel.user.v2.UserService");
    Result undecodable =
        Clients.GrpcWeb.parse(
            Operation.START,
            Clients.post(
                    mock.baseUrl() + V2Operation.VERIFY.rpcPath(),
                    "application/grpc-web+proto",
                    Clients.frame((byte) 0, new byte[] {(byte) 0xff}),
                    "X-Grpc-Web",
                    "1")
                .body());
    assertThat(undecodable.code()).isEqualTo(13);
    assertThat(undecodable.message()).startsWith("grpc: error unmarshalling request: ");
    assertThat(
            Clients.post(
                    mock.baseUrl() + service + "/ListUsers",
                    "application/json",
                    "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    "Connect-Protocol-Version",
                    "1")
                .statusCode())
        .as("Connect: an unknown method is an unknown path")
        .isEqualTo(404);
  }

  /** What must be equal: the error as is; a success with this fixture's ids named, not valued. */
  static Object comparable(Result result, Fixture fixture) {
    if (result.code() != 0) {
      return List.of(result.code(), result.message(), result.details());
    }
    Message response = result.response();
    Details details;
    String rest = "";
    if (response instanceof RegisterTOTPResponse registered) {
      details = registered.getDetails();
      assertThat(registered.getSecret()).matches("[A-Z2-7]{32}");
      assertThat(registered.getUri()).startsWith("otpauth://totp/ZITADEL:");
      rest =
          registered
              .getUri()
              .substring(registered.getUri().indexOf('?'))
              .replace(registered.getSecret(), "<secret>");
    } else if (response instanceof VerifyTOTPRegistrationResponse verified) {
      details = verified.getDetails();
    } else {
      details = ((RemoveTOTPResponse) response).getDetails();
    }
    assertThat(details.getResourceOwner()).isEqualTo(fixture.user().getOrgId());
    assertThat(details.hasCreationDate()).as("creation_date is not set").isFalse();
    return List.of(details.getSequence(), details.getChangeDate(), rest);
  }
}
