package org.totpkit.kit.report;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.totpkit.kit.report.ScenarioOutcome.Verdict;

/** Everything one run found, per scenario and per requirement. */
public record RunOutcome(List<ScenarioOutcome> scenarios) {

  /**
   * One requirement's result: FAILED if any scenario failed, WAIVED if its only failures are
   * waived, SKIPPED if none ran, else PASSED.
   */
  public record RequirementOutcome(
      String id, Verdict verdict, int passed, int failed, int waived, int skipped, String reason) {}

  public Map<String, RequirementOutcome> requirements() {
    Map<String, List<ScenarioOutcome>> byId = new TreeMap<>();
    for (ScenarioOutcome scenario : scenarios) {
      for (String id : scenario.requirementIds()) {
        byId.computeIfAbsent(id, key -> new java.util.ArrayList<>()).add(scenario);
      }
    }
    Map<String, RequirementOutcome> result = new TreeMap<>();
    byId.forEach((id, list) -> result.put(id, summarise(id, list)));
    return result;
  }

  private static RequirementOutcome summarise(String id, List<ScenarioOutcome> list) {
    int passed = count(list, Verdict.PASSED);
    int failed = count(list, Verdict.FAILED);
    int skipped = count(list, Verdict.SKIPPED);
    int waived = count(list, Verdict.WAIVED);
    Verdict verdict =
        failed > 0
            ? Verdict.FAILED
            : waived > 0 ? Verdict.WAIVED : passed > 0 ? Verdict.PASSED : Verdict.SKIPPED;
    String reason =
        switch (verdict) {
          case FAILED ->
              list.stream()
                  .filter(s -> s.verdict() == Verdict.FAILED)
                  .findFirst()
                  .map(s -> s.name() + ": " + s.reason().orElse("failed"))
                  .orElse("");
          case WAIVED ->
              list.stream()
                  .filter(s -> s.verdict() == Verdict.WAIVED)
                  .findFirst()
                  .map(
                      s ->
                          "waived: "
                              + s.waiver().orElse("")
                              + " ("
                              + s.reason().orElse("failed")
                              + ")")
                  .orElse("");
          case SKIPPED -> list.get(0).reason().orElse("skipped");
          case PASSED ->
              skipped > 0
                  ? skipped
                      + " of "
                      + list.size()
                      + " scenarios skipped: "
                      + list.stream()
                          .filter(s -> s.verdict() == Verdict.SKIPPED)
                          .findFirst()
                          .flatMap(ScenarioOutcome::reason)
                          .orElse("")
                  : "";
        };
    return new RequirementOutcome(id, verdict, passed, failed, waived, skipped, reason);
  }

  private static int count(List<ScenarioOutcome> list, Verdict verdict) {
    return (int) list.stream().filter(s -> s.verdict() == verdict).count();
  }

  public Set<String> failedRequirements() {
    return requirements().values().stream()
        .filter(r -> r.verdict() == Verdict.FAILED)
        .map(RequirementOutcome::id)
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  public int count(Verdict verdict) {
    return count(scenarios, verdict);
  }
}
