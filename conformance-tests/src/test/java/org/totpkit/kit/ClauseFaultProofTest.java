package org.totpkit.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.totpkit.kit.driver.HooksApi;
import org.totpkit.kit.target.EmbeddedReferenceServer;
import org.totpkit.kit.target.Target;
import org.totpkit.kit.target.Transport;
import org.totpkit.kit.totp.KitClock;
import org.totpkit.mock.faults.Fault;

/**
 * Proof for the v3alpha clauses that had none: a reference server broken in exactly one clause, the
 * transports it is shown over, and the requirements the kit must fail there (each of which checks
 * that clause, as ClauseProofTest requires). One broken server per case, the kit over each
 * transport with only the case's requirement tags selected, to keep the build short.
 */
class ClauseFaultProofTest {
  private static final Set<Transport> REST = EnumSet.of(Transport.REST);
  private static final Set<Transport> EVERY = EnumSet.allOf(Transport.class);

  /**
   * @param frozen whether the server's clock stands still at the kit's now
   */
  record Case(Fault fault, Set<Transport> over, Set<String> mustFail, boolean frozen) {
    Case(Fault fault, Set<Transport> over, String... mustFail) {
      this(fault, over, Set.of(mustFail), false);
    }
  }

  static final List<Case> CASES =
      List.of(
          // --- a fault of the shared RPC rendering, shown over the two RPC transports
          // FaultProofTest does not run it over ---
          new Case(
              Fault.RPC_ERRORS_WITHOUT_DETAIL,
              EnumSet.of(Transport.GRPC_WEB, Transport.CONNECT),
              "TOTP-ERRORS-01"),
          // --- one fault per clause that no fault proved ---
          new Case(Fault.SUCCESS_AS_201, REST, "TOTP-CORE-01", "TOTP-CORE-09"),
          new Case(Fault.UNAUTHENTICATED_WITHOUT_CHALLENGE, REST, "TOTP-AUTH-01"),
          new Case(Fault.UNROUTED_AS_WRONG_METHOD, REST, "TOTP-ERRORS-01"),
          new Case(Fault.WRONG_METHOD_AS_NOT_FOUND, REST, "TOTP-ERRORS-01"),
          new Case(Fault.JSON_NAMES_SNAKE_CASE, REST, "TOTP-CORE-01"),
          new Case(Fault.DETAILS_ID_IS_THE_REGISTRATION, REST, "TOTP-CORE-01"),
          // Row 11 for remove: the store is shared by every transport, so over each of them.
          new Case(
              Fault.REMOVE_OWNER_NOT_CHECKED, EnumSet.allOf(Transport.class), "TOTP-NOTFOUND-03"),
          new Case(Fault.START_REFUSED_OVER_A_VERIFIED_REGISTRATION, REST, "TOTP-CORE-11"),
          new Case(Fault.START_REFUSED_OVER_A_PENDING_REGISTRATION, REST, "TOTP-CORE-03"),
          // details: what created and changed mean, and their form (TOTP-CORE-12 freezes the
          // server clock itself).
          new Case(Fault.DETAILS_CHANGED_IS_THE_CREATION, REST, "TOTP-CORE-12"),
          new Case(Fault.DETAILS_CREATED_IS_THE_CHANGE, REST, "TOTP-CORE-12"),
          new Case(Fault.DETAILS_TIMES_NOT_AS_PROTOJSON, REST, "TOTP-CORE-12"),
          new Case(Fault.NON_ASCII_CODE_AS_SERVER_ERROR, REST, "TOTP-INPUT-03"),
          // The lockout lives in the store, shared by every transport.
          new Case(
              Fault.LOCKOUT_COUNTED_PER_USER, EnumSet.allOf(Transport.class), "TOTP-LOCKOUT-06"),
          new Case(
              Fault.RPC_RETRY_AFTER_IN_MILLISECONDS,
              EnumSet.of(Transport.GRPC, Transport.CONNECT),
              "TOTP-LOCKOUT-02"),
          // --- one fault each for the RPC, content-type, totpId and clock clauses ---
          new Case(Fault.REST_JSON_AS_TEXT_PLAIN, REST, "TOTP-CORE-01"),
          new Case(Fault.TOTP_ID_NOT_DECIMAL, REST, "TOTP-CORE-01"),
          // TOTP-SKEW-04 freezes and advances the server clock itself.
          new Case(Fault.VERIFIER_IGNORES_SERVER_CLOCK, EVERY, "TOTP-SKEW-04"),
          new Case(Fault.RPC_VERIFY_NOT_SERVED, EnumSet.of(Transport.GRPC), "TOTP-CORE-06"),
          new Case(Fault.RPC_TOTP_ID_RENUMBERED, EnumSet.of(Transport.GRPC), "TOTP-CORE-01"),
          new Case(
              Fault.RPC_UNAUTHENTICATED_WITH_CHALLENGE,
              EnumSet.of(Transport.GRPC_WEB),
              "TOTP-AUTH-01"),
          new Case(
              Fault.CONNECT_UNKNOWN_METHOD_AS_501,
              EnumSet.of(Transport.CONNECT),
              "TOTP-RPC-01",
              "TOTP-RPC-02"),
          new Case(
              Fault.RPC_EMPTY_ONEOF_AS_GIVEN,
              EnumSet.of(Transport.GRPC, Transport.CONNECT),
              "TOTP-SCOPE-02"),
          // --- the OTP policy and the lockout, field by field ---
          new Case(Fault.FIELD_RULE_FAILURES_COUNTED, REST, "TOTP-LOCKOUT-07"),
          // The policy field by field: skew, issuer and period are copied at start.
          new Case(Fault.POLICY_SKEW_IGNORED_AT_START, EVERY, "TOTP-SKEW-05"),
          new Case(Fault.KEY_URI_ISSUER_FROM_DEFAULTS, REST, "TOTP-CORE-05"),
          new Case(Fault.POLICY_PERIOD_IGNORED_AT_START, EVERY, "TOTP-CORE-05"),
          // Start beside the user's other registrations, over gRPC: a store that refuses it.
          new Case(
              Fault.STORE_REFUSES_START_BESIDE_A_PENDING_REGISTRATION,
              EnumSet.of(Transport.GRPC),
              "TOTP-CORE-03"),
          new Case(
              Fault.STORE_REFUSES_START_BESIDE_A_VERIFIED_REGISTRATION,
              EnumSet.of(Transport.GRPC),
              "TOTP-CORE-11"),
          // --- the v3alpha rule families ---
          // The user id's rule counted in UTF-16 units; the contract layer serves every transport.
          new Case(
              Fault.USER_ID_COUNTED_IN_UTF16_UNITS,
              EnumSet.allOf(Transport.class),
              "TOTP-INPUT-07"),
          // The code travels in REST's verify body, where this fault reads it.
          new Case(Fault.CODE_COUNTED_IN_UTF16_UNITS, REST, "TOTP-INPUT-08"),
          // Row 3 for true and false: the verify body is REST's alone.
          new Case(Fault.BOOLEAN_CODE_BODY_AS_TEXT, REST, "TOTP-INPUT-09"),
          // Row 11 for remove of an expired registration (TOTP-EXPIRY-03 freezes the clock itself).
          new Case(Fault.REMOVE_IGNORES_EXPIRY, EVERY, "TOTP-EXPIRY-03"));

  /** This test's cases, for {@link ClauseProofTest}. */
  static List<ProofCase> proofCases() {
    return CASES.stream()
        .map(
            c ->
                new ProofCase(
                    c.fault().name(),
                    c.over(),
                    c.mustFail(),
                    ClauseFaultProofTest.class.getSimpleName()))
        .toList();
  }

  static Stream<Arguments> cases() {
    return CASES.stream().map(c -> Arguments.of(c.fault(), c.over(), c));
  }

  @ParameterizedTest(name = "{0} is caught over {1}")
  @MethodSource("cases")
  void theKitCatchesTheBrokenServer(Fault fault, Set<Transport> over, Case broken) {
    String tags =
        String.join(" or ", broken.mustFail().stream().map(id -> "@" + id).sorted().toList());
    try (EmbeddedReferenceServer server = BrokenReferenceServer.start(Set.of(fault))) {
      for (Transport transport : over) {
        Target target = server.target().over(transport);
        if (broken.frozen()) {
          new HooksApi(target.hooksUrl().orElseThrow(), target.hooksToken())
              .freezeClock(Instant.ofEpochMilli(KitClock.now().toEpochMilli()));
        }
        ConformanceKit.Result result =
            ConformanceKit.run(
                target,
                Path.of("target/fault-proof-clause/" + fault + "-" + transport.key()),
                Optional.of(tags),
                FaultProofTest.quietly());
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
