package org.totpkit.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.totpkit.kit.driver.HooksApi;
import org.totpkit.kit.target.Dialect;
import org.totpkit.kit.target.EmbeddedReferenceServer;
import org.totpkit.kit.target.Target;
import org.totpkit.kit.target.Transport;
import org.totpkit.kit.totp.KitClock;
import org.totpkit.mock.faults.Fault;

/**
 * Proof that the kit's v2 verdicts mean something: against a reference server broken in one v2 rule
 * the kit, speaking v2, fails with the requirement IDs that name that rule, over every transport
 * where the rule applies. Each run selects only the requirements it must fail, to keep the build
 * short; {@link V2ConformanceTest} shows that the correct server passes them all.
 */
class V2FaultProofTest {
  private static final Set<Transport> EVERY = EnumSet.allOf(Transport.class);
  private static final Set<Transport> REST = EnumSet.of(Transport.REST);
  private static final Set<Transport> RPC =
      EnumSet.of(Transport.GRPC, Transport.GRPC_WEB, Transport.CONNECT);

  /**
   * The transports a fault of the shared v2 checks is shown over: every transport asks the same
   * checks, so the kit must catch it over each of them.
   */
  private static final Set<Transport> SHARED = EVERY;

  /**
   * A broken server, the transports it is shown over and the requirements the kit must fail there.
   *
   * @param frozen whether the server's clock stands still at the kit's now (a step boundary between
   *     two scenarios cannot hide the fault then)
   */
  record Case(Fault fault, Set<Transport> over, Set<String> mustFail, boolean frozen) {
    Case(Fault fault, Set<Transport> over, String... mustFail) {
      this(fault, over, Set.of(mustFail), false);
    }
  }

  static final List<Case> CASES =
      List.of(
          // --- a proving fault for every v2 clause ---
          new Case(Fault.V2_VERIFY_UNKNOWN_USER_AS_NO_TOTP, SHARED, "TOTP-V2-NOTFOUND-01"),
          new Case(Fault.V2_VERIFY_NO_TOTP_AS_WRONG_CODE, SHARED, "TOTP-V2-REMOVE-01"),
          new Case(Fault.V2_REGISTER_CHECKS_PERMISSION_FIRST, SHARED, "TOTP-V2-NOTFOUND-01"),
          new Case(Fault.V2_VERIFY_STATE_BEFORE_PERMISSION, SHARED, "TOTP-V2-AUTH-02"),
          new Case(Fault.V2_TOTP_LOOKUP_IGNORES_USER, SHARED, "TOTP-V2-NOTFOUND-02"),
          new Case(Fault.V2_READY_TEXT_TRANSLATED, SHARED, "TOTP-V2-VERIFY-02"),
          new Case(Fault.V2_SECRET_LOWER_CASE, SHARED, "TOTP-V2-REGISTER-01"),
          new Case(Fault.V2_REGISTER_WITHOUT_URI, SHARED, "TOTP-V2-REGISTER-01"),
          new Case(Fault.V2_FIELD_RULES_IN_UTF16_UNITS, SHARED, "TOTP-V2-INPUT-03"),
          new Case(Fault.ACCEPT_ANY_CODE, SHARED, "TOTP-V2-LOCKOUT-01"),
          new Case(
              Fault.V2_REST_ANSWERS_WITHOUT_DETAILS,
              REST,
              "TOTP-V2-VERIFY-01",
              "TOTP-V2-REMOVE-01"),
          new Case(Fault.V2_REST_SUCCESS_AS_201, REST, "TOTP-V2-REGISTER-01"),
          new Case(
              Fault.V2_REST_CHANGE_DATE_NOT_PROTOJSON,
              REST,
              "TOTP-V2-DETAILS-02",
              "TOTP-V2-REGISTER-01"),
          new Case(Fault.V2_REST_LENIENT_BODY, REST, "TOTP-V2-ROUTING-01"),
          new Case(Fault.V2_REST_NO_ROUTE_AS_WRONG_METHOD, REST, "TOTP-V2-ROUTING-01"),
          new Case(Fault.V2_REST_BODY_USER_ID_WINS, REST, "TOTP-V2-INPUT-05"),
          new Case(
              Fault.V2_RPC_URI_AND_SECRET_SWAPPED,
              EnumSet.of(Transport.GRPC),
              "TOTP-V2-REGISTER-01"),
          new Case(Fault.V2_RPC_REMOVE_NOT_SERVED, EnumSet.of(Transport.GRPC), "TOTP-V2-REMOVE-01"),
          new Case(Fault.RPC_ERRORS_WITHOUT_DETAIL, RPC, "TOTP-V2-ERRORS-01"),
          // The v2 faults from before the clause proofs.
          new Case(
              Fault.V2_READY_REGISTER_SUCCEEDS, EVERY, "TOTP-V2-REGISTER-03", "TOTP-V2-ERRORS-01"),
          new Case(
              Fault.V2_READY_REGISTER_AS_FAILED_PRECONDITION,
              EVERY,
              "TOTP-V2-REGISTER-03",
              "TOTP-V2-ERRORS-01"),
          new Case(Fault.V2_PENDING_NOT_REPLACED, EVERY, "TOTP-V2-REGISTER-02"),
          new Case(Fault.V2_CODE_NOT_TRIMMED, EVERY, "TOTP-V2-INPUT-01"),
          new Case(Fault.V2_LENGTH_AS_FIELD_RULE, EVERY, "TOTP-V2-INPUT-02"),
          new Case(Fault.V2_LOCKS_AFTER_WRONG_CODES, EVERY, "TOTP-V2-LOCKOUT-01"),
          new Case(Fault.V2_REMOVE_CHECKS_PERMISSION_FIRST, EVERY, "TOTP-V2-AUTH-04"),
          new Case(Fault.V2_NO_MEMBERSHIP_AS_FORBIDDEN, EVERY, "TOTP-V2-AUTH-03"),
          new Case(
              Fault.V2_FORBIDDEN_AS_NO_MEMBERSHIP, EVERY, "TOTP-V2-AUTH-02", "TOTP-V2-AUTH-05"),
          new Case(Fault.V2_SEQUENCE_NOT_INCREMENTED, EVERY, "TOTP-V2-DETAILS-01"),
          new Case(
              Fault.V2_SEQUENCE_AS_NUMBER,
              REST,
              "TOTP-V2-REGISTER-01",
              "TOTP-V2-VERIFY-01",
              "TOTP-V2-DETAILS-01"),
          new Case(Fault.V2_CREATION_DATE_SET, EVERY, "TOTP-V2-REGISTER-01", "TOTP-V2-VERIFY-01"),
          new Case(
              Fault.V2_RESOURCE_OWNER_IS_THE_USER,
              EVERY,
              "TOTP-V2-REGISTER-01",
              "TOTP-V2-VERIFY-01",
              "TOTP-V2-REMOVE-01"),
          new Case(Fault.V2_CHANGE_DATE_AN_HOUR_AHEAD, EVERY, "TOTP-V2-DETAILS-02"),
          new Case(Fault.V2_REPLAYS_VERIFY_AGAIN, EVERY, "TOTP-V2-VERIFY-02", "TOTP-V2-REPLAY-01"),
          new Case(Fault.V2_REGISTER_UNKNOWN_USER_AS_NOT_FOUND, EVERY, "TOTP-V2-NOTFOUND-01"),
          new Case(Fault.V2_REMOVE_KEEPS_A_TOTP, EVERY, "TOTP-V2-REMOVE-01"),
          new Case(Fault.V2_SELF_SERVICE_REFUSED, EVERY, "TOTP-V2-AUTH-06"),
          new Case(Fault.V2_FIELD_RULES_NOT_CHECKED, EVERY, "TOTP-V2-INPUT-03"),
          new Case(
              Fault.V2_ERRORS_WITHOUT_DETAIL,
              EVERY,
              "TOTP-V2-ERRORS-01",
              "TOTP-V2-VERIFY-02",
              "TOTP-V2-NOTFOUND-01"),
          new Case(Fault.V2_UNKNOWN_JSON_FIELDS_REFUSED, REST, "TOTP-V2-INPUT-04"),
          new Case(Fault.RPC_UNKNOWN_FIELDS_REFUSED, RPC, "TOTP-V2-INPUT-04"),
          new Case(Fault.V2_WRONG_METHOD_AS_NOT_FOUND, REST, "TOTP-V2-ROUTING-01"),
          new Case(
              Fault.V2_RPC_UNIMPLEMENTED_AS_NOT_FOUND,
              EnumSet.of(Transport.GRPC, Transport.GRPC_WEB),
              "TOTP-V2-ROUTING-02"),
          // v3alpha's faults where the two dialects share a part: the verifier, authentication.
          new Case(Fault.SKEW_2, EVERY, "TOTP-V2-SKEW-02", "TOTP-V2-SKEW-03"),
          new Case(Fault.SKEW_0, EVERY, Set.of("TOTP-V2-SKEW-01", "TOTP-V2-SKEW-03"), true),
          new Case(Fault.AUTH_IGNORED, EVERY, "TOTP-V2-AUTH-01"),
          new Case(Fault.PERMISSIONS_INTERCHANGEABLE, EVERY, "TOTP-V2-AUTH-05"));

  /** This test's cases, for {@link ClauseProofTest}. */
  static List<ProofCase> proofCases() {
    return CASES.stream()
        .map(
            c ->
                new ProofCase(
                    c.fault().name(),
                    c.over(),
                    c.mustFail(),
                    V2FaultProofTest.class.getSimpleName()))
        .toList();
  }

  /** Every requirement some case shows the kit failing. */
  static Set<String> proven() {
    Set<String> ids = new TreeSet<>();
    CASES.forEach(c -> ids.addAll(c.mustFail()));
    return ids;
  }

  /**
   * The cases to run: all, or those whose fault is named in {@code -Dtotp.proof.faults=A,B} (to
   * rerun a few while writing them).
   */
  static Stream<Arguments> cases() {
    Optional<Set<String>> only =
        Optional.ofNullable(System.getProperty("totp.proof.faults"))
            .map(names -> Set.of(names.split(",")));
    return CASES.stream()
        .filter(c -> only.map(names -> names.contains(c.fault().name())).orElse(true))
        .map(c -> Arguments.of(c.fault(), c.over(), c));
  }

  @Test
  void everyV2FaultAndEveryV2RequirementHasACase() throws Exception {
    assertThat(CASES.stream().map(Case::fault))
        .containsAll(
            Arrays.stream(Fault.values()).filter(f -> f.name().startsWith("V2_")).toList());
    Set<String> v2Requirements = new TreeSet<>(FaultProofTest.requirementIds(true));
    // The order of the v2 tables has its own proof (OrderFaultProofTest).
    v2Requirements.removeAll(OrderFaultProofTest.proven());
    // So has the percent-encoding of grpc-message (GrpcMessageProofTest).
    GrpcMessageProofTest.proofCases().forEach(c -> v2Requirements.removeAll(c.mustFail()));
    assertThat(proven()).containsExactlyInAnyOrderElementsOf(v2Requirements);
  }

  /** One broken server per fault (starting one is the dear part), the kit over each transport. */
  @ParameterizedTest(name = "{0} is caught over {1}")
  @MethodSource("cases")
  void theKitSpeakingV2CatchesTheBrokenServer(Fault fault, Set<Transport> over, Case broken) {
    String tags =
        String.join(" or ", broken.mustFail().stream().map(id -> "@" + id).sorted().toList());
    try (EmbeddedReferenceServer server = BrokenReferenceServer.start(Set.of(fault))) {
      for (Transport transport : over) {
        Target target = server.target().in(Dialect.V2).over(transport);
        if (broken.frozen()) {
          new HooksApi(target.hooksUrl().orElseThrow(), target.hooksToken())
              .freezeClock(Instant.ofEpochMilli(KitClock.now().toEpochMilli()));
        }
        ConformanceKit.Result result =
            FaultProofTest.forTheVerdict(
                target, Path.of("target/fault-proof-v2/" + fault + "-" + transport.key()), tags);
        assertThat(result.exitStatus())
            .as("exit status against %s over %s", fault, transport)
            .isEqualTo(1);
        assertThat(result.outcome().failedRequirements())
            .as("failed requirements against %s over %s", fault, transport)
            .containsAll(broken.mustFail());
      }
    }
  }
}
