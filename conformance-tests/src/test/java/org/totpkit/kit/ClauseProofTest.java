package org.totpkit.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.totpkit.kit.report.RequirementCatalogue;
import org.totpkit.kit.report.RequirementCatalogue.Clause;
import org.totpkit.kit.target.Transport;
import org.totpkit.mock.faults.Fault;

/**
 * Every clause proven, not claimed: each in-scope clause of features/requirements.yaml names the
 * faults that prove it ({@code provedBy}), and each of those has a proof case in which the kit must
 * fail a requirement that checks the clause; or the clause says why no fault can prove it ({@code
 * unproven}: not observable from outside, destructive, or test equipment). Every fault of the test
 * fixtures proves some clause. The proof tests run the cases; this test holds the catalogue to
 * them.
 */
class ClauseProofTest {
  /** The only reasons a clause may stay unproven, each the start of its {@code unproven} text. */
  static final List<String> REASONS =
      List.of("not observable from outside", "destructive", "test equipment");

  /**
   * Clause prefixes whose proofs another branch is writing in parallel (branch proof2: the v2
   * dialect). Their clauses are not yet required to name a fault; whatever they do name is held to
   * the same rules as every other clause's. Remove the prefix once that branch is merged.
   */
  static final Set<String> PROOFS_BEING_WRITTEN = Set.of("v2-");

  private static RequirementCatalogue catalogue;
  private static List<ProofCase> cases;

  @BeforeAll
  static void load() throws IOException {
    catalogue = RequirementCatalogue.load(Path.of("../features/requirements.yaml"));
    cases = ProofCase.all();
  }

  private static boolean beingWritten(Clause clause) {
    return PROOFS_BEING_WRITTEN.stream().anyMatch(clause.clause()::startsWith);
  }

  @Test
  void everyInScopeClauseIsProvenOrSaysWhyNot() {
    List<String> unproven =
        catalogue.clauses().stream()
            .filter(Clause::inScope)
            .filter(c -> !beingWritten(c))
            .filter(c -> c.provedBy().isEmpty() && c.unproven().isEmpty())
            .filter(c -> c.pendingProof().isEmpty())
            .map(Clause::clause)
            .toList();
    assertThat(unproven)
        .as(
            "in-scope clauses with neither provedBy: [FAULT…] nor unproven: \"reason\" in"
                + " features/requirements.yaml")
        .isEmpty();
  }

  @Test
  void aClauseIsEitherProvenOrUnprovenAndOnlyInScope() {
    for (Clause clause : catalogue.clauses()) {
      boolean proven = !clause.provedBy().isEmpty();
      boolean reasoned = clause.unproven().isPresent() || clause.pendingProof().isPresent();
      assertThat(proven && reasoned)
          .as("%s has both provedBy and a reason it is unproven", clause.clause())
          .isFalse();
      assertThat(clause.inScope() || !(proven || reasoned))
          .as("%s is out of the kit's scope, so nothing proves it", clause.clause())
          .isTrue();
    }
  }

  @Test
  void anUnprovenClauseGivesOneOfTheAllowedReasons() {
    for (Clause clause : catalogue.clauses()) {
      clause
          .unproven()
          .ifPresent(
              why ->
                  assertThat(REASONS.stream().anyMatch(why::startsWith))
                      .as(
                          "%s: unproven must begin with one of %s, then say why: %s",
                          clause.clause(), REASONS, why)
                      .isTrue());
    }
  }

  /**
   * A fault proves a clause only when a proof case runs the kit against it and requires a failure
   * of a requirement that checks that clause: the kit fails "for a reason naming that clause's
   * requirement".
   */
  @Test
  void everyProvingFaultHasACaseThatFailsARequirementOfTheClause() {
    List<String> problems = new java.util.ArrayList<>();
    for (Clause clause : catalogue.clauses()) {
      Set<String> checking = Set.copyOf(catalogue.requirementsOf(clause.clause()));
      for (String fault : clause.provedBy()) {
        List<ProofCase> ofFault = cases.stream().filter(c -> c.fault().equals(fault)).toList();
        if (ofFault.isEmpty()) {
          problems.add(clause.clause() + ": " + fault + " has no case in any proof test");
        } else if (ofFault.stream()
            .filter(c -> !rpcOnly(clause) || c.over().stream().anyMatch(Transport::isRpc))
            .noneMatch(c -> c.mustFail().stream().anyMatch(checking::contains))) {
          problems.add(
              clause.clause()
                  + ": no case of "
                  + fault
                  + (rpcOnly(clause) ? " over an RPC transport" : "")
                  + " must fail one of the clause's requirements "
                  + new TreeSet<>(checking));
        }
      }
    }
    assertThat(problems).as("provedBy that no proof case backs").isEmpty();
  }

  /** A clause of the RPC section, which a case over REST cannot prove. */
  private static boolean rpcOnly(Clause clause) {
    return clause.clause().contains("-rpc-");
  }

  /** Every deliberate fault is run by a proof test and proves some clause. */
  @Test
  void everyFaultIsUsed() {
    Set<String> run = cases.stream().map(ProofCase::fault).collect(Collectors.toSet());
    Set<String> proving =
        catalogue.clauses().stream()
            .flatMap(c -> c.provedBy().stream())
            .collect(Collectors.toSet());
    List<String> notRun =
        Arrays.stream(Fault.values()).map(Fault::name).filter(f -> !run.contains(f)).toList();
    assertThat(notRun).as("faults no proof test runs").isEmpty();
    List<String> provingNothing =
        cases.stream()
            .filter(c -> !proving.contains(c.fault()))
            .filter(c -> !onlyForClausesBeingWritten(c))
            .map(ProofCase::fault)
            .distinct()
            .sorted()
            .toList();
    assertThat(provingNothing).as("faults that no clause names in provedBy").isEmpty();
  }

  /** A case all of whose requirements check only clauses another branch is proving. */
  private static boolean onlyForClausesBeingWritten(ProofCase proofCase) {
    return proofCase.mustFail().stream()
        .flatMap(id -> catalogue.requirement(id).stream())
        .flatMap(r -> r.clauses().stream())
        .allMatch(id -> PROOFS_BEING_WRITTEN.stream().anyMatch(id::startsWith));
  }

  /** Every case's requirements exist in the catalogue (a typo would prove nothing). */
  @Test
  void everyCaseNamesCataloguedRequirements() {
    for (ProofCase proofCase : cases) {
      assertThat(catalogue.requirements().keySet())
          .as("requirements of %s in %s", proofCase.fault(), proofCase.proof())
          .containsAll(proofCase.mustFail());
      assertThat(proofCase.over()).as("transports of %s", proofCase.fault()).isNotEmpty();
    }
  }
}
