package org.totpkit.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.totpkit.kit.report.RequirementCatalogue;
import org.totpkit.kit.report.RequirementCatalogue.Clause;
import org.totpkit.kit.target.Transport;
import org.totpkit.mock.faults.Fault;

/**
 * Every clause proven, not claimed: each in-scope clause of features/requirements.yaml names the
 * faults that prove it ({@code provedBy}), and each of those has a proof case in which the kit must
 * fail a requirement that checks the clause; or the clause says why no fault can prove it ({@code
 * unproven}: not observable from outside, destructive, or test equipment). Every fault of the test
 * fixtures is run by a proof test and proves some clause. The proof tests run the cases; this test
 * holds the catalogue to them, and shows on small catalogues of its own that each rule can fail.
 */
class ClauseProofTest {
  /** The only reasons a clause may stay unproven, each the start of its {@code unproven} text. */
  static final List<String> REASONS =
      List.of("not observable from outside", "destructive", "test equipment");

  /**
   * Clause prefixes exempted while a dialect's proofs are being written: none. A new dialect may be
   * listed here only on its own branch, never on main.
   */
  static final Set<String> PROOFS_BEING_WRITTEN = Set.of();

  @Test
  void everyClauseOfTheCatalogueIsProvenOrSaysWhyNot() throws IOException {
    RequirementCatalogue catalogue =
        RequirementCatalogue.load(Path.of("../features/requirements.yaml"));
    Set<String> faults = Arrays.stream(Fault.values()).map(Fault::name).collect(toSet());
    assertThat(problems(catalogue, ProofCase.all(), faults, PROOFS_BEING_WRITTEN))
        .as("features/requirements.yaml against the proof tests' cases")
        .isEmpty();
  }

  /** What is wrong with the catalogue's proofs, one line each; empty when nothing is. */
  static List<String> problems(
      RequirementCatalogue catalogue,
      List<ProofCase> cases,
      Set<String> faults,
      Set<String> beingWritten) {
    List<String> problems = new ArrayList<>();
    for (Clause clause : catalogue.clauses()) {
      String name = clause.clause();
      boolean proven = !clause.provedBy().isEmpty();
      boolean reasoned = clause.unproven().isPresent();
      boolean written = beingWritten.stream().anyMatch(name::startsWith);
      if (!clause.inScope()) {
        if (proven || reasoned) {
          problems.add(name + ": out of the kit's scope, so nothing proves it");
        }
        continue;
      }
      // A proof still to be written is an unproven clause without one of the accepted reasons.
      clause
          .pendingProof()
          .filter(why -> !written)
          .ifPresent(
              why ->
                  problems.add(name + ": its proving fault is still to be written (" + why + ")"));
      if (!proven && !reasoned && !written && clause.pendingProof().isEmpty()) {
        problems.add(name + ": neither provedBy: [FAULT…] nor unproven: \"reason\"");
      }
      if (proven && reasoned) {
        problems.add(name + ": both provedBy and a reason it is unproven");
      }
      clause
          .unproven()
          .filter(why -> REASONS.stream().noneMatch(why::startsWith))
          .ifPresent(why -> problems.add(name + ": unproven must begin with one of " + REASONS));
      Set<String> checking = Set.copyOf(catalogue.requirementsOf(name));
      boolean rpcOnly = name.contains("-rpc-");
      for (String fault : clause.provedBy()) {
        List<ProofCase> ofFault = cases.stream().filter(c -> c.fault().equals(fault)).toList();
        if (ofFault.isEmpty()) {
          problems.add(name + ": " + fault + " has no case in any proof test");
        } else if (ofFault.stream()
            .filter(c -> !rpcOnly || c.over().stream().anyMatch(Transport::isRpc))
            .noneMatch(c -> c.mustFail().stream().anyMatch(checking::contains))) {
          problems.add(
              name
                  + ": no case of "
                  + fault
                  + (rpcOnly ? " over an RPC transport" : "")
                  + " must fail one of the clause's requirements "
                  + new TreeSet<>(checking));
        }
      }
    }
    for (ProofCase proofCase : cases) {
      if (!catalogue.requirements().keySet().containsAll(proofCase.mustFail())) {
        problems.add(
            proofCase.fault()
                + " in "
                + proofCase.proof()
                + " must fail requirements the catalogue lacks: "
                + proofCase.mustFail());
      }
    }
    Set<String> run = cases.stream().map(ProofCase::fault).collect(toSet());
    faults.stream()
        .filter(f -> !run.contains(f))
        .sorted()
        .forEach(f -> problems.add(f + ": no proof test runs it"));
    Set<String> proving =
        catalogue.clauses().stream().flatMap(c -> c.provedBy().stream()).collect(toSet());
    cases.stream()
        .filter(c -> !proving.contains(c.fault()))
        .filter(c -> !onlyForClausesBeingWritten(catalogue, c, beingWritten))
        .map(ProofCase::fault)
        .distinct()
        .sorted()
        .forEach(f -> problems.add(f + ": no clause names it in provedBy"));
    return problems;
  }

  /** A case all of whose requirements check only clauses another branch is proving. */
  private static boolean onlyForClausesBeingWritten(
      RequirementCatalogue catalogue, ProofCase proofCase, Set<String> beingWritten) {
    return proofCase.mustFail().stream()
        .flatMap(id -> catalogue.requirement(id).stream())
        .flatMap(r -> r.clauses().stream())
        .allMatch(id -> beingWritten.stream().anyMatch(id::startsWith));
  }

  private static <T> java.util.stream.Collector<T, ?, Set<T>> toSet() {
    return Collectors.toCollection(TreeSet::new);
  }

  // Each rule can fail: small catalogues of this test's own, each wrong in one way.

  private static final ProofCase A_OVER_REST =
      new ProofCase("FAULT_A", Set.of(Transport.REST), Set.of("REQ-A"), "a proof");

  private static List<String> problemsOf(Path dir, String clauses, ProofCase... cases)
      throws IOException {
    Path file = dir.resolve("requirements.yaml");
    Files.writeString(
        file,
        "clauses:\n"
            + clauses
            + "requirements:\n"
            + "  - {id: REQ-A, title: a, group: core, required: true, clauses: [x-a, x-rpc-a]}\n"
            + "  - {id: REQ-B, title: b, group: core, required: true, clauses: [x-b]}\n");
    return problems(
        RequirementCatalogue.load(file), List.of(cases), Set.of("FAULT_A"), Set.of("v2-"));
  }

  @Test
  void aProvenClauseWithACaseThatFailsItsRequirementPasses(@TempDir Path dir) throws IOException {
    assertThat(
            problemsOf(
                dir,
                "  - {clause: x-a, says: a, provedBy: [FAULT_A]}\n"
                    + "  - {clause: x-b, says: b, unproven: \"destructive: it deletes all\"}\n",
                A_OVER_REST))
        .isEmpty();
  }

  @Test
  void aClauseWithNeitherFaultNorReasonFails(@TempDir Path dir) throws IOException {
    assertThat(
            problemsOf(
                dir,
                "  - {clause: x-a, says: a, provedBy: [FAULT_A]}\n  - {clause: x-b, says: b}\n",
                A_OVER_REST))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("x-b: neither");
  }

  @Test
  void aClauseWhoseProofIsStillToBeWrittenFails(@TempDir Path dir) throws IOException {
    assertThat(
            problemsOf(
                dir,
                "  - {clause: x-a, says: a, provedBy: [FAULT_A]}\n"
                    + "  - {clause: x-b, says: b, pendingProof: \"a fault is coming\"}\n",
                A_OVER_REST))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("x-b: its proving fault is still to be written");
  }

  @Test
  void aFaultThatFailsAnotherClausesRequirementProvesNothing(@TempDir Path dir) throws IOException {
    assertThat(
            problemsOf(
                dir,
                "  - {clause: x-a, says: a}\n  - {clause: x-b, says: b, provedBy: [FAULT_A]}\n",
                A_OVER_REST))
        .anyMatch(p -> p.startsWith("x-b: no case of FAULT_A must fail"))
        .anyMatch(p -> p.startsWith("x-a: neither"));
  }

  @Test
  void aFaultWithoutACaseOrAnUnusedFaultFails(@TempDir Path dir) throws IOException {
    assertThat(
            problemsOf(
                dir,
                "  - {clause: x-a, says: a, provedBy: [FAULT_Z]}\n"
                    + "  - {clause: x-b, says: b, unproven: \"test equipment: hooks\"}\n"))
        .contains("x-a: FAULT_Z has no case in any proof test", "FAULT_A: no proof test runs it");
  }

  @Test
  void anUnprovenClauseMustGiveAnAllowedReason(@TempDir Path dir) throws IOException {
    assertThat(
            problemsOf(
                dir,
                "  - {clause: x-a, says: a, provedBy: [FAULT_A]}\n"
                    + "  - {clause: x-b, says: b, unproven: \"too hard for now\"}\n",
                A_OVER_REST))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("x-b: unproven must begin with one of");
  }

  @Test
  void anRpcClauseNeedsACaseOverAnRpcTransport(@TempDir Path dir) throws IOException {
    String clauses =
        "  - {clause: x-rpc-a, says: a, provedBy: [FAULT_A]}\n"
            + "  - {clause: x-b, says: b, unproven: \"not observable from outside: x\"}\n";
    assertThat(problemsOf(dir, clauses, A_OVER_REST))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("x-rpc-a: no case of FAULT_A over an RPC transport");
    assertThat(
            problemsOf(
                dir,
                clauses,
                new ProofCase("FAULT_A", Set.of(Transport.GRPC), Set.of("REQ-A"), "a proof")))
        .isEmpty();
  }
}
