package org.totpkit.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.totpkit.kit.target.Dialect;
import org.totpkit.kit.target.EmbeddedReferenceServer;
import org.totpkit.kit.target.Target;
import org.totpkit.kit.target.Transport;
import org.totpkit.mock.faults.Fault;

/**
 * Proof that the kit reads {@code grpc-message} as gRPC writes it (contract/v3alpha.md, "How
 * grpc-message is written"): a reference server that sends the message raw, or percent-encodes it
 * twice, is failed over gRPC and gRPC-Web in both dialects. One broken server per fault, the kit
 * run with only the one requirement of each dialect selected.
 */
class GrpcMessageProofTest {
  /** The transports that carry grpc-message (Connect's message is plain JSON text). */
  private static final Set<Transport> OVER = EnumSet.of(Transport.GRPC, Transport.GRPC_WEB);

  /** The requirement each dialect must fail. */
  private static final Map<Dialect, String> MUST_FAIL =
      Map.of(Dialect.V3ALPHA, "TOTP-RPC-05", Dialect.V2, "TOTP-V2-ROUTING-03");

  // --- the rendering of grpc-message ---
  static final List<Fault> FAULTS =
      List.of(Fault.GRPC_MESSAGE_NOT_PERCENT_ENCODED, Fault.GRPC_MESSAGE_PERCENT_ENCODED_TWICE);

  /** This test's cases, for {@link ClauseProofTest}: each fault in each dialect. */
  static List<ProofCase> proofCases() {
    return FAULTS.stream()
        .flatMap(
            fault ->
                MUST_FAIL.values().stream()
                    .map(
                        id ->
                            new ProofCase(
                                fault.name(),
                                OVER,
                                Set.of(id),
                                GrpcMessageProofTest.class.getSimpleName())))
        .toList();
  }

  static Stream<Fault> faults() {
    return FAULTS.stream();
  }

  @ParameterizedTest(name = "{0} is caught over gRPC and gRPC-Web in both dialects")
  @MethodSource("faults")
  void theKitCatchesTheBrokenRendering(Fault fault) {
    try (EmbeddedReferenceServer server = BrokenReferenceServer.start(Set.of(fault))) {
      for (Map.Entry<Dialect, String> dialect : MUST_FAIL.entrySet()) {
        for (Transport transport : OVER) {
          Target target = server.target().in(dialect.getKey()).over(transport);
          ConformanceKit.Result result =
              FaultProofTest.forTheVerdict(
                  target,
                  Path.of(
                      "target/fault-proof-grpc-message/"
                          + fault
                          + "-"
                          + dialect.getKey()
                          + "-"
                          + transport.key()),
                  "@" + dialect.getValue());
          assertThat(result.exitStatus())
              .as("exit status against %s in %s over %s", fault, dialect.getKey(), transport)
              .isEqualTo(1);
          assertThat(result.outcome().failedRequirements())
              .as(
                  "failed requirements against %s in %s over %s",
                  fault, dialect.getKey(), transport)
              .contains(dialect.getValue());
        }
      }
    }
  }
}
