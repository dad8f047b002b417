package org.totpkit.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.totpkit.kit.target.Dialect;
import org.totpkit.kit.target.EmbeddedReferenceServer;
import org.totpkit.kit.target.Target;
import org.totpkit.kit.target.Transport;
import org.totpkit.mock.faults.Fault;

/**
 * Proof that the precedence matrix (TOTP-ORDER-01, TOTP-V2-ORDER-01) can fail: against a server
 * that swaps two adjacent checks of the error table, the kit fails the order requirement of each
 * dialect the fault reaches, over every transport where the swapped rows exist. One broken server
 * per fault; each kit run selects only the order requirement.
 */
class OrderFaultProofTest {
  private static final Set<Transport> EVERY = EnumSet.allOf(Transport.class);
  private static final Set<Transport> REST = EnumSet.of(Transport.REST);

  /** A broken server, the dialects and transports it is shown in. */
  record Case(Fault fault, Set<Dialect> dialects, Set<Transport> over) {}

  // --- the order faults ---
  static final List<Case> CASES =
      List.of(
          new Case(
              Fault.ORDER_AUTH_AFTER_FIELD_RULES, EnumSet.of(Dialect.V3ALPHA, Dialect.V2), EVERY),
          new Case(
              Fault.ORDER_PERMISSION_BEFORE_USER, EnumSet.of(Dialect.V3ALPHA, Dialect.V2), EVERY),
          new Case(Fault.ORDER_V2_TOTP_BEFORE_PERMISSION, EnumSet.of(Dialect.V2), EVERY),
          new Case(Fault.ORDER_REGISTRATION_BEFORE_PERMISSION, EnumSet.of(Dialect.V3ALPHA), REST),
          // Faults proven elsewhere for their own rule, which are order faults too.
          new Case(Fault.V2_REMOVE_CHECKS_PERMISSION_FIRST, EnumSet.of(Dialect.V2), EVERY),
          new Case(Fault.AUTH_BEFORE_BODY, EnumSet.of(Dialect.V3ALPHA), REST));

  /** The faults this test owns (FaultProofTest and V2FaultProofTest leave them here). */
  static final Set<Fault> OWN =
      EnumSet.of(
          Fault.ORDER_AUTH_AFTER_FIELD_RULES,
          Fault.ORDER_PERMISSION_BEFORE_USER,
          Fault.ORDER_V2_TOTP_BEFORE_PERMISSION,
          Fault.ORDER_REGISTRATION_BEFORE_PERMISSION);

  /** This test's cases, one per dialect, for {@link ClauseProofTest}. */
  static List<ProofCase> proofCases() {
    return CASES.stream()
        .flatMap(
            c ->
                c.dialects().stream()
                    .map(
                        d ->
                            new ProofCase(
                                c.fault().name(),
                                c.over(),
                                Set.of(requirement(d)),
                                OrderFaultProofTest.class.getSimpleName())))
        .toList();
  }

  /** The requirements some case shows the kit failing. */
  static Set<String> proven() {
    Set<String> ids = new TreeSet<>();
    CASES.forEach(c -> c.dialects().forEach(d -> ids.add(requirement(d))));
    return ids;
  }

  private static String requirement(Dialect dialect) {
    return dialect == Dialect.V2 ? "TOTP-V2-ORDER-01" : "TOTP-ORDER-01";
  }

  static Stream<Arguments> cases() {
    return CASES.stream().map(c -> Arguments.of(c.fault(), c));
  }

  @ParameterizedTest(name = "{0} fails the order of the error table")
  @MethodSource("cases")
  void theMatrixCatchesTheSwappedChecks(Fault fault, Case broken) {
    try (EmbeddedReferenceServer server = BrokenReferenceServer.start(Set.of(fault))) {
      for (Dialect dialect : broken.dialects()) {
        for (Transport transport : broken.over()) {
          Target target = server.target().in(dialect).over(transport);
          String id = requirement(dialect);
          ConformanceKit.Result result =
              ConformanceKit.run(
                  target,
                  Path.of(
                      "target/fault-proof-order/" + fault + "-" + dialect + "-" + transport.key()),
                  Optional.of("@" + id),
                  FaultProofTest.quietly());
          assertThat(result.outcome().failedRequirements())
              .as("failed requirements against %s in %s over %s", fault, dialect, transport)
              .containsExactly(id);
        }
      }
    }
  }
}
