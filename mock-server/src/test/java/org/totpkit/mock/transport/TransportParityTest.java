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
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.totpkit.contract.hooks.model.CreatedUser;
import org.totpkit.contract.hooks.model.OtpPolicyChange;
import org.totpkit.contract.proto.zitadel.object.v3alpha.Instance;
import org.totpkit.contract.proto.zitadel.object.v3alpha.Organization;
import org.totpkit.contract.proto.zitadel.resources.object.v3alpha.Details;
import org.totpkit.contract.proto.zitadel.resources.user.v3alpha.RemoveTOTPAuthenticatorRequest;
import org.totpkit.contract.proto.zitadel.resources.user.v3alpha.RemoveTOTPAuthenticatorResponse;
import org.totpkit.contract.proto.zitadel.resources.user.v3alpha.StartTOTPRegistrationRequest;
import org.totpkit.contract.proto.zitadel.resources.user.v3alpha.StartTOTPRegistrationResponse;
import org.totpkit.contract.proto.zitadel.resources.user.v3alpha.VerifyTOTPRegistrationRequest;
import org.totpkit.contract.proto.zitadel.resources.user.v3alpha.VerifyTOTPRegistrationResponse;
import org.totpkit.mock.contract.Operation;
import org.totpkit.mock.junit.HooksClient;
import org.totpkit.mock.junit.TotpMockServerExtension;
import org.totpkit.mock.testing.PendingRegistration;
import org.totpkit.mock.testing.RawHttp;
import org.totpkit.mock.testing.ResetAfterEach;
import org.totpkit.mock.transport.TransportClient.Result;

/**
 * One embedded server, four transports (six codecs): every row of the error table that a client of
 * the RPC transports can reach, and every success, give the same code, message, detail, Retry-After
 * and fields over REST, gRPC (grpc-java), gRPC-Web (binary and text) and Connect (JSON and proto).
 */
class TransportParityTest {
  @RegisterExtension static TotpMockServerExtension mock = TotpMockServerExtension.onFreePort();
  @RegisterExtension static ResetAfterEach reset = new ResetAfterEach(mock);

  static final Instant NOW = Instant.parse("2030-01-01T00:00:10.250Z");
  static final long NOW_S = NOW.getEpochSecond();

  static List<TransportClient> clients;

  final HooksClient hooks = mock.hooks();
  final RawHttp api = new RawHttp(mock.baseUrl());

  @BeforeAll
  static void connect() {
    clients = Clients.all(mock.baseUrl(), mock.server().port());
  }

  @AfterAll
  static void disconnect() {
    clients.forEach(TransportClient::close);
  }

  @BeforeEach
  void freezeTime() {
    hooks.freezeClock(NOW);
  }

  /** A fresh pending registration, and what one case sends over one transport. */
  record Fixture(PendingRegistration registration, CreatedUser other) {
    String bearer() {
      return "Bearer " + registration.token();
    }

    String user() {
      return registration.userId();
    }

    String totp() {
      return registration.totpId();
    }
  }

  record Case(String row, BiFunction<TransportClient, Fixture, Result> call) {
    @Override
    public String toString() {
      return row;
    }
  }

  static StartTOTPRegistrationRequest start(String user) {
    return StartTOTPRegistrationRequest.newBuilder().setId(user).build();
  }

  static VerifyTOTPRegistrationRequest verify(String user, String totp, String code) {
    return VerifyTOTPRegistrationRequest.newBuilder()
        .setId(user)
        .setTotpId(totp)
        .setCode(code)
        .build();
  }

  static RemoveTOTPAuthenticatorRequest remove(String user, String totp) {
    return RemoveTOTPAuthenticatorRequest.newBuilder().setId(user).setTotpId(totp).build();
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("success: start", (c, f) -> c.call(Operation.START, start(f.user()), f.bearer())),
        new Case(
            "success: verify",
            (c, f) ->
                c.call(
                    Operation.VERIFY,
                    verify(f.user(), f.totp(), f.registration().codeAt(NOW_S)),
                    f.bearer())),
        new Case(
            "success: remove",
            (c, f) -> c.call(Operation.REMOVE, remove(f.user(), f.totp()), f.bearer())),
        new Case(
            "row 4: no authorization", (c, f) -> c.call(Operation.START, start(f.user()), null)),
        new Case(
            "row 5: not Bearer",
            (c, f) -> c.call(Operation.START, start(f.user()), "Basic dXNlcjpwYXNz")),
        new Case(
            "row 6: unknown token",
            (c, f) ->
                c.call(
                    Operation.VERIFY,
                    verify(f.user(), f.totp(), f.registration().codeAt(NOW_S)),
                    "Bearer nope")),
        new Case(
            "row 7: code too short",
            (c, f) -> c.call(Operation.VERIFY, verify(f.user(), f.totp(), "12345"), f.bearer())),
        new Case(
            "row 7: id too long",
            (c, f) -> c.call(Operation.START, start("x".repeat(201)), f.bearer())),
        new Case(
            "row 7: empty totpId",
            (c, f) -> c.call(Operation.REMOVE, remove(f.user(), ""), f.bearer())),
        new Case(
            "row 8: another organization",
            (c, f) ->
                c.call(
                    Operation.START,
                    start(f.user()).toBuilder()
                        .setOrganization(Organization.newBuilder().setOrgId("42"))
                        .build(),
                    f.bearer())),
        new Case(
            "row 8: another instance",
            (c, f) ->
                c.call(
                    Operation.REMOVE,
                    remove(f.user(), f.totp()).toBuilder()
                        .setInstance(Instance.newBuilder().setId("elsewhere"))
                        .build(),
                    f.bearer())),
        new Case(
            "success: an empty scope counts as not given (row 8)",
            (c, f) ->
                c.call(
                    Operation.START,
                    start(f.user()).toBuilder()
                        .setOrganization(Organization.newBuilder().setOrgId(""))
                        .setInstance(Instance.newBuilder().setDomain(""))
                        .build(),
                    f.bearer())),
        new Case(
            "row 9: unknown user", (c, f) -> c.call(Operation.START, start("404"), f.bearer())),
        new Case(
            "row 10: another user, no permission",
            (c, f) -> c.call(Operation.START, start(f.other().getUserId()), f.bearer())),
        new Case(
            "row 11: verify an unknown registration",
            (c, f) -> c.call(Operation.VERIFY, verify(f.user(), "1", "123456"), f.bearer())),
        new Case(
            "row 11: remove an unknown registration",
            (c, f) -> c.call(Operation.REMOVE, remove(f.user(), "1"), f.bearer())),
        new Case(
            "row 12: already verified",
            (c, f) -> {
              String code = f.registration().codeAt(NOW_S);
              assertThat(f.registration().verify(new RawHttp(mock.baseUrl()), code).status())
                  .isEqualTo(200);
              return c.call(Operation.VERIFY, verify(f.user(), f.totp(), code), f.bearer());
            }),
        new Case(
            "row 13: locked",
            (c, f) -> {
              mock.hooks().changePolicy(new OtpPolicyChange().maxFailedAttempts(1).lockSeconds(90));
              Result first =
                  c.call(
                      Operation.VERIFY,
                      verify(f.user(), f.totp(), f.registration().wrongCodeAt(NOW_S)),
                      f.bearer());
              assertThat(first.code()).as("the failure that locks").isEqualTo(3);
              return c.call(
                  Operation.VERIFY,
                  verify(f.user(), f.totp(), f.registration().codeAt(NOW_S)),
                  f.bearer());
            }),
        new Case(
            "row 14: wrong code",
            (c, f) ->
                c.call(
                    Operation.VERIFY,
                    verify(f.user(), f.totp(), f.registration().wrongCodeAt(NOW_S)),
                    f.bearer())));
  }

  static Stream<Arguments> rows() {
    return cases().map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void everyTransportAnswersTheSame(Case row) {
    Map<String, Object> seen = new LinkedHashMap<>();
    Map<String, Result> raw = new LinkedHashMap<>();
    for (TransportClient client : clients) {
      hooks.reset();
      hooks.freezeClock(NOW);
      Fixture fixture = new Fixture(PendingRegistration.start(hooks, api), hooks.createUser());
      Result result = row.call().apply(client, fixture);
      raw.put(client.name(), result);
      seen.put(client.name(), comparable(result, fixture));
    }
    Object rest = seen.get("REST");
    assertThat(seen)
        .as("%s over every transport: %s", row, raw)
        .allSatisfy((name, value) -> assertThat(value).as(name).isEqualTo(rest));
    Result restResult = raw.get("REST");
    if (row.row().startsWith("success")) {
      assertThat(restResult.code()).isZero();
    } else {
      assertThat(restResult.code()).as("an error on REST").isNotZero();
      assertThat(restResult.message()).isNotBlank();
    }
    if (row.row().startsWith("row 13")) {
      assertThat(restResult.retryAfter()).hasValue("90");
    }
  }

  /** What must be equal: the error as is; a success with this fixture's ids named, not valued. */
  static Object comparable(Result result, Fixture fixture) {
    if (result.code() != 0) {
      return List.of(result.code(), result.message(), result.details(), result.retryAfter());
    }
    Message response = result.response();
    Details details;
    String rest = "";
    if (response instanceof StartTOTPRegistrationResponse started) {
      details = started.getDetails();
      assertThat(started.getTotpId()).matches("[0-9]+");
      assertThat(started.getSecret()).matches("[A-Z2-7]{32}");
      // The label is the user's login name, another for every fixture: the parameters must agree.
      assertThat(started.getUri()).startsWith("otpauth://totp/");
      rest =
          started
              .getUri()
              .substring(started.getUri().indexOf('?'))
              .replace(started.getSecret(), "<secret>");
    } else if (response instanceof VerifyTOTPRegistrationResponse verified) {
      details = verified.getDetails();
    } else {
      details = ((RemoveTOTPAuthenticatorResponse) response).getDetails();
    }
    assertThat(details.getId()).isEqualTo(fixture.user());
    assertThat(details.getOwner().getId()).isEqualTo(fixture.registration().orgId());
    return List.of(details.getCreated(), details.getChanged(), details.getOwner().getType(), rest);
  }
}
