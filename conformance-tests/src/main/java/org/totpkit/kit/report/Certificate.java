package org.totpkit.kit.report;

import java.util.List;
import java.util.Map;
import org.totpkit.kit.report.RequirementCatalogue.Requirement;
import org.totpkit.kit.report.RunOutcome.RequirementOutcome;
import org.totpkit.kit.report.ScenarioOutcome.Verdict;

/**
 * certificate.html: one self-contained page (no script, no external file) that a vendor hands to a
 * customer: the verdict, what was checked, the acceptance window drawn as a row of steps, the
 * requirement table, the waivers and the evidence of whatever did not pass.
 */
final class Certificate {
  private Certificate() {}

  private static final String STYLE =
      """
      body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:60rem;color:#1d232b;line-height:1.4;padding:0 1rem}
      h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:1.75rem 0 .5rem;border-bottom:1px solid #d5dbe3}
      .verdict{display:inline-block;font-size:1.6rem;font-weight:700;padding:.35rem 1rem;border-radius:.4rem;margin:.75rem 0}
      .PASSED{background:#dff3e4;color:#17612d}.FAILED{background:#fbe0e0;color:#8a1c1c}.SKIPPED{background:#eceff3;color:#4a5563}.WAIVED{background:#fff1cc;color:#7a5600}
      table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid #d5dbe3;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f4f6f9}
      table.facts th{width:12rem}code{font-size:.8rem;word-break:break-all}
      .window{display:flex;gap:.35rem;margin:.5rem 0}.step{width:4.2rem;text-align:center;border-radius:.35rem;padding:.4rem 0;border:2px solid #c4ccd6}
      .step b{display:block;font-size:1.1rem}.step span{font-size:.75rem}
      .accepted{background:#2f9e55;border-color:#2f9e55;color:#fff}.refused{background:#eceff3;color:#4a5563}.both{background:#c62828;border-color:#c62828;color:#fff}.unobserved{background:#fff;color:#8a94a3;border-style:dashed}
      td.status{font-weight:600}pre{background:#f4f6f9;padding:.5rem;overflow-x:auto;font-size:.75rem;white-space:pre-wrap;word-break:break-all}
      details{margin:.4rem 0}summary{cursor:pointer}.muted{color:#5b6573;font-size:.85rem}
      """;

  static String html(ConformanceReport report) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>TOTP conformance certificate: ")
        .append(esc(report.verdictLine()))
        .append("</title><style>")
        .append(STYLE)
        .append("</style></head><body>\n");
    h.append("<h1>TOTP registration conformance certificate</h1>\n");
    h.append("<p class=\"muted\">ZITADEL ")
        .append(esc(report.target().dialect().key()))
        .append(" TOTP registration contract, checked by the TOTP")
        .append(" Contract Kit's conformance kit. The contract's text is in this folder:")
        .append(" <a href=\"contract/README.html\">contract/</a>.</p>\n");
    h.append("<div id=\"verdict\" class=\"verdict ")
        .append(report.verdict().name())
        .append("\">")
        .append(esc(report.verdictLine()))
        .append("</div>\n");
    h.append("<table class=\"facts\">\n");
    fact(h, "target", report.target().baseUrl() + " (" + report.target().description() + ")");
    fact(h, "dialect", report.dialectName());
    fact(h, "transport", report.transport());
    fact(h, "kit version", report.kitVersion());
    h.append("<tr><th>features fingerprint</th><td><code id=\"fingerprint\">")
        .append(esc(report.featuresSha256()))
        .append("</code> <span class=\"muted\">SHA-256</span></td></tr>\n");
    fact(h, "documents attested", report.documents().size() + " (in conformance-report.json)");
    fact(
        h,
        "waiver file",
        report.waivers().file().map(f -> f.getFileName().toString()).orElse("none"));
    fact(h, "started", String.valueOf(report.startedAt()));
    fact(h, "finished", String.valueOf(report.finishedAt()));
    Map<String, RequirementOutcome> requirements = report.outcome().requirements();
    fact(
        h,
        "requirements",
        ConformanceReport.countRequirements(requirements, Verdict.PASSED)
            + " passed, "
            + ConformanceReport.countRequirements(requirements, Verdict.FAILED)
            + " failed, "
            + ConformanceReport.countRequirements(requirements, Verdict.WAIVED)
            + " waived, "
            + ConformanceReport.countRequirements(requirements, Verdict.SKIPPED)
            + " skipped");
    fact(
        h,
        "scenarios",
        report.outcome().count(Verdict.PASSED)
            + " passed, "
            + report.outcome().count(Verdict.FAILED)
            + " failed, "
            + report.outcome().count(Verdict.WAIVED)
            + " waived, "
            + report.outcome().count(Verdict.SKIPPED)
            + " skipped");
    h.append("</table>\n");

    h.append("<h2>Measured acceptance window</h2>\n");
    if (report.acceptanceWindow().isEmpty()) {
      h.append("<p id=\"window-none\">No conclusive observation: no skew scenario ran.</p>\n");
    } else {
      h.append("<p class=\"muted\">Codes of neighbouring time steps, offset from the server's")
          .append(" step, and what the server did with them. Skew 1 wants &minus;1, 0 and +1")
          .append(" accepted.</p>\n");
      h.append("<div class=\"window\" id=\"window\">");
      for (int offset : report.windowOffsets()) {
        String seen = report.acceptanceWindow().get(offset);
        String kind = seen == null ? "unobserved" : seen;
        h.append("<div class=\"step ")
            .append(kind)
            .append("\" data-offset=\"")
            .append(offset)
            .append("\" title=\"offset ")
            .append(String.format("%+d", offset))
            .append(": ")
            .append(seen == null ? "not observed" : seen)
            .append("\"><b>")
            .append(String.format("%+d", offset).replace("-", "&minus;"))
            .append("</b><span>")
            .append(seen == null ? "not observed" : seen.equals("both") ? "both!" : seen)
            .append("</span></div>");
      }
      h.append("</div>\n<p class=\"muted\">Accepted offsets: ")
          .append(esc(report.accepted()))
          .append(". Observations too close to a step boundary to know their offset: ")
          .append(report.inconclusiveWindowObservations())
          .append(".</p>\n");
    }

    h.append("<h2>Requirements</h2>\n<table id=\"requirements\"><tr><th>requirement</th>")
        .append("<th>what it checks</th><th>contract</th><th>result</th><th>why</th></tr>\n");
    requirements
        .values()
        .forEach(
            r -> {
              Requirement about = report.requirement(r.id());
              h.append("<tr><td><code>")
                  .append(esc(r.id()))
                  .append("</code>")
                  .append(about.required() ? "" : " <span class=\"muted\">optional</span>")
                  .append("</td><td>")
                  .append(esc(about.title()))
                  .append("</td><td>")
                  .append(clauseLinks(about))
                  .append("</td><td class=\"status ")
                  .append(r.verdict().name())
                  .append("\">")
                  .append(r.verdict().name())
                  .append("</td><td>")
                  .append(esc(r.reason()))
                  .append("</td></tr>\n");
            });
    h.append("</table>\n");

    h.append("<h2>Waivers</h2>\n");
    if (report.waiverStates().isEmpty()) {
      h.append("<p>None: every deviation counts.</p>\n");
    } else {
      h.append("<table id=\"waivers\"><tr><th>waiver</th><th>reason</th><th>state</th></tr>\n");
      report
          .waiverStates()
          .forEach(
              c ->
                  h.append("<tr><td>")
                      .append(esc(c.waiver().label()))
                      .append("</td><td>")
                      .append(esc(c.waiver().reason()))
                      .append("</td><td class=\"status ")
                      .append(
                          c.state().stale()
                              ? "FAILED"
                              : c.state() == Waivers.State.APPLIED ? "WAIVED" : "SKIPPED")
                      .append("\">")
                      .append(esc(c.state().describe()))
                      .append("</td></tr>\n"));
      h.append("</table>\n");
    }

    List<ScenarioOutcome> evidence = report.notPassed();
    h.append("<h2>Evidence</h2>\n");
    if (evidence.isEmpty()) {
      h.append("<p>Every scenario passed.</p>\n");
    }
    for (ScenarioOutcome s : evidence) {
      h.append("<details class=\"evidence\"")
          .append(s.verdict() == Verdict.FAILED ? " open" : "")
          .append("><summary><span class=\"status ")
          .append(s.verdict().name())
          .append("\">")
          .append(s.verdict().name())
          .append("</span> ")
          .append(esc(String.join(", ", s.requirementIds())))
          .append(": ")
          .append(esc(s.name()))
          .append("</summary>\n<table>");
      fact(h, "location", s.location());
      s.evidence().ifPresent(e -> fact(h, "step", e.step()));
      h.append("<tr><th>the contract wants</th><td>")
          .append(wantsWithLinks(report, s))
          .append("</td></tr>\n");
      fact(h, "found", s.reason().orElse(""));
      s.waiver().ifPresent(w -> fact(h, "waived because", w));
      h.append("</table>\n");
      String transcript = ConformanceReport.transcript(s);
      if (!transcript.isEmpty()) {
        h.append("<pre>").append(esc(transcript)).append("</pre>\n");
      }
      h.append("</details>\n");
    }
    h.append("<p class=\"muted\">Secrets, codes and tokens are shown as ")
        .append(esc(Redaction.MASK))
        .append(
            ". Check this report with <code>--verify-report conformance-report.json</code>.</p>\n");
    h.append("</body></html>\n");
    return h.toString();
  }

  /** A requirement's clauses as links into the report folder's copy of the contract. */
  static String clauseLinks(Requirement requirement) {
    ContractDocuments contract = ContractDocuments.bundled();
    StringBuilder out = new StringBuilder();
    for (String clause : requirement.clauses()) {
      if (!out.isEmpty()) {
        out.append("; ");
      }
      out.append(
          contract
              .href(clause)
              .map(href -> "<a class=\"clause\" href=\"" + esc(href) + "\">" + esc(clause) + "</a>")
              .orElse(esc(clause)));
    }
    return out.toString();
  }

  /** What the contract wants of a scenario: each requirement, its title and linked clauses. */
  private static String wantsWithLinks(ConformanceReport report, ScenarioOutcome s) {
    StringBuilder out = new StringBuilder();
    for (String id : s.requirementIds()) {
      Requirement r = report.requirement(id);
      if (!out.isEmpty()) {
        out.append("; ");
      }
      out.append(esc(r.id()));
      if (!r.title().isEmpty()) {
        out.append(' ').append(esc(r.title()));
      }
      if (!r.clauses().isEmpty()) {
        out.append(" (").append(clauseLinks(r)).append(')');
      }
    }
    return out.toString();
  }

  private static void fact(StringBuilder h, String name, String value) {
    h.append("<tr><th>")
        .append(esc(name))
        .append("</th><td>")
        .append(esc(value))
        .append("</td></tr>\n");
  }

  static String esc(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
