package org.totpkit.kit;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.totpkit.kit.target.Transport;

/**
 * One proof that the kit can fail: a server broken by {@code fault} (a constant of the test
 * fixtures' {@code Fault}, or of a proof test's own wire-level faults), the transports the kit is
 * run over against it, and the requirements it must fail there. Every proof test exposes its cases,
 * so that {@link ClauseProofTest} can hold each clause's {@code provedBy} to a case that runs.
 *
 * @param proof the proof test that runs the case
 */
record ProofCase(String fault, Set<Transport> over, Set<String> mustFail, String proof) {
  ProofCase {
    over = Set.copyOf(over);
    mustFail = Set.copyOf(mustFail);
  }

  /** The cases of every proof test. */
  static List<ProofCase> all() {
    List<ProofCase> all = new ArrayList<>();
    all.addAll(FaultProofTest.proofCases());
    all.addAll(RpcFaultProofTest.proofCases());
    all.addAll(V2FaultProofTest.proofCases());
    all.addAll(ClauseFaultProofTest.proofCases());
    all.addAll(OrderFaultProofTest.proofCases());
    all.addAll(GrpcMessageProofTest.proofCases());
    return all;
  }
}
