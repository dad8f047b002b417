package org.totpkit.kit.report;

import java.util.List;
import org.totpkit.kit.report.RequirementCatalogue.Clause;
import org.totpkit.kit.report.RequirementCatalogue.Requirement;

/** docs/coverage.md: every clause of the contract and the requirements that check it. */
public final class CoverageTable {
  private CoverageTable() {}

  public static String markdown(RequirementCatalogue catalogue) {
    StringBuilder md = new StringBuilder();
    md.append("# Coverage: every rule of the contract and the requirements that check it\n\n");
    md.append(
        "Generated from `features/requirements.yaml` (do not edit by hand: CoverageTableTest says"
            + " how to\nregenerate it). Each clause links to its text in `contract/`.\nA requirement is the `@TOTP-…` tag of its scenarios in"
            + " `features/`; each one has a\ndeliberate fault in `test-fixtures/` that proves it"
            + " can fail (`FaultProofTest`).\n"
            + "A clause is proven when a server that breaks it fails the kit: \"proved by\" names"
            + " those\nbroken servers' faults (ClauseProofTest runs the check); a clause no fault"
            + " can break says why.\n\n");
    md.append("| clause | what it says | checked by | proved by |\n|---|---|---|---|\n");
    ContractDocuments contract = ContractDocuments.bundled();
    for (Clause clause : catalogue.clauses()) {
      md.append("| ")
          .append(
              contract
                  .document(clause.clause())
                  .map(
                      doc ->
                          "["
                              + clause.clause()
                              + "](../contract/"
                              + doc
                              + ".md#"
                              + clause.clause()
                              + ")")
                  .orElse(clause.clause()))
          .append(" | ")
          .append(cell(clause.says()))
          .append(" | ")
          .append(cell(checkedBy(catalogue, clause)))
          .append(" | ")
          .append(cell(provedBy(clause)))
          .append(" |\n");
    }
    md.append("\n## The requirements\n\n");
    md.append("| requirement | title | group | required for a pass | clauses |\n");
    md.append("|---|---|---|---|---|\n");
    for (Requirement r : catalogue.requirements().values()) {
      md.append("| ")
          .append(r.id())
          .append(" | ")
          .append(cell(r.title()))
          .append(" | ")
          .append(r.group())
          .append(" | ")
          .append(r.required() ? "yes" : "no")
          .append(" | ")
          .append(cell(String.join("; ", r.clauses())))
          .append(" |\n");
    }
    return md.toString();
  }

  private static String checkedBy(RequirementCatalogue catalogue, Clause clause) {
    List<String> ids = catalogue.requirementsOf(clause.clause());
    StringBuilder cell = new StringBuilder(String.join(", ", ids));
    clause
        .pending()
        .ifPresent(p -> cell.append(cell.isEmpty() ? "" : "; ").append("pending: ").append(p));
    clause
        .outOfScope()
        .ifPresent(
            why ->
                cell.append(cell.isEmpty() ? "" : "; ").append("out of the kit's scope: " + why));
    return cell.toString();
  }

  /** The faults that prove the clause, or why there are none. */
  private static String provedBy(Clause clause) {
    if (!clause.inScope()) {
      return "";
    }
    if (!clause.provedBy().isEmpty()) {
      return String.join(", ", clause.provedBy());
    }
    return clause
        .unproven()
        .map(why -> "unproven: " + why)
        .or(() -> clause.pendingProof().map(why -> "unproven (pending): " + why))
        .orElse("unproven");
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
