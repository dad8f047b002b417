package org.totpkit.kit;

import java.util.Map;
import java.util.Set;
import org.totpkit.kit.target.Transport;
import org.totpkit.mock.faults.Fault;

/** Proof that the kit's v2 verdicts mean something: filled in as the v2 faults land. */
class V2FaultProofTest {
  /** Each v2 fault, the transports it is shown over, and the requirements that must fail. */
  static final Map<Fault, Map.Entry<Set<Transport>, Set<String>>> MUST_FAIL = Map.of();
}
