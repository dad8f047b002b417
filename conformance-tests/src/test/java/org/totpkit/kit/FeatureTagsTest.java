package org.totpkit.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.totpkit.kit.report.ContractDocuments;
import org.totpkit.kit.report.RequirementCatalogue;
import org.totpkit.kit.report.RequirementCatalogue.Clause;
import org.totpkit.kit.report.RequirementCatalogue.Requirement;

/**
 * The kit's tagging rules (docs/conformance-kit.md, "Tags and results"), checked on the feature
 * files: every scenario has exactly one requirement ID, exactly one need tag, and a group tag (its
 * own or its feature's); an ID names one rule; at most one transport tag, and an Examples block
 * carries no other tag.
 */
class FeatureTagsTest {
  private static final Set<String> NEEDS = Set.of("@live", "@hooks", "@clock");
  private static final Set<String> GROUPS =
      Set.of("@core", "@skew", "@replay", "@input", "@lockout", "@vectors", "@expiry");
  private static final Path CATALOGUE = Path.of("../features/requirements.yaml");
  private static final Path CONTRACT = Path.of("../contract");

  /** Each scenario's requirement ID and the group tags it carries (its own and its feature's). */
  private final Map<String, Set<String>> groupsOfRequirement = new HashMap<>();

  /** Scenarios about one kind of transport (Transport.REST_ONLY_TAG, RPC_ONLY_TAG). */
  private static final Set<String> TRANSPORTS = Set.of("@rest", "@rpc");

  @Test
  void everyScenarioIsTaggedAsKitMdSays() throws IOException {
    List<Path> features;
    try (Stream<Path> files = Files.list(Path.of("../features"))) {
      features = files.filter(f -> f.toString().endsWith(".feature")).sorted().toList();
    }
    assertThat(features).hasSizeGreaterThanOrEqualTo(10);
    Map<String, String> idToFeature = new HashMap<>();
    int scenarios = 0;
    for (Path feature : features) {
      List<String> featureTags = new ArrayList<>();
      List<String> pending = new ArrayList<>();
      for (String raw : Files.readAllLines(feature)) {
        String line = raw.strip();
        if (line.startsWith("@")) {
          pending.addAll(List.of(line.split("\\s+")));
        } else if (line.startsWith("Feature:")) {
          featureTags.addAll(pending);
          pending.clear();
        } else if (line.startsWith("Examples")) {
          // An Examples block may only narrow its rows to one kind of transport.
          assertThat(TRANSPORTS)
              .as("tags of %s: %s", feature.getFileName(), line)
              .containsAll(pending);
          assertThat(pending)
              .as("transport tags of %s: %s", feature.getFileName(), line)
              .hasSizeLessThanOrEqualTo(1);
          pending.clear();
        } else if (line.startsWith("Scenario")) {
          scenarios++;
          List<String> tags = new ArrayList<>(featureTags);
          tags.addAll(pending);
          pending.clear();
          String where = feature.getFileName() + ": " + line;
          List<String> ids =
              tags.stream().filter(t -> t.matches("@TOTP-(V2-)?[A-Z]+-[0-9]{2}")).toList();
          assertThat(ids).as("requirement ID of %s", where).hasSize(1);
          assertThat(tags.stream().filter(NEEDS::contains)).as("need tag of %s", where).hasSize(1);
          assertThat(tags.stream().filter(TRANSPORTS::contains))
              .as("transport tags of %s", where)
              .hasSizeLessThanOrEqualTo(1);
          assertThat(tags.stream().filter(GROUPS::contains))
              .as("group tag of %s", where)
              .isNotEmpty();
          groupsOfRequirement
              .computeIfAbsent(ids.get(0).substring(1), k -> new java.util.TreeSet<>())
              .addAll(tags.stream().filter(GROUPS::contains).toList());
          String previous = idToFeature.putIfAbsent(ids.get(0), feature.getFileName().toString());
          assertThat(previous == null || previous.equals(feature.getFileName().toString()))
              .as("%s is used in two features", ids.get(0))
              .isTrue();
        }
      }
    }
    assertThat(scenarios).isGreaterThan(30);
  }

  /**
   * The kit runs scenarios concurrently except those tagged {@code @clock} or {@code @policy},
   * which run alone (ConformanceKit's exclusive resources): the server has one clock and one OTP
   * policy. So a scenario whose steps (its Background's included) freeze, shift or advance the
   * server clock must be tagged {@code @clock}, and one that changes the OTP policy
   * {@code @policy}.
   */
  @Test
  void scenariosThatChangeTheServerClockOrPolicyAreTaggedSo() throws IOException {
    List<Path> features;
    try (Stream<Path> files = Files.list(Path.of("../features"))) {
      features = files.filter(f -> f.toString().endsWith(".feature")).sorted().toList();
    }
    java.util.regex.Pattern clock =
        java.util.regex.Pattern.compile(
            "^(Given|When|Then|And|But) the server clock (is frozen|advances|has advanced)\\b.*");
    java.util.regex.Pattern policy =
        java.util.regex.Pattern.compile("^(Given|When|Then|And|But) the OTP policy\\b.*");
    int checked = 0;
    for (Path feature : features) {
      List<String> featureTags = new ArrayList<>();
      List<String> pending = new ArrayList<>();
      List<String> background = new ArrayList<>();
      // The scenario being read: its tags, its title, its steps.
      List<String> tags = null;
      String title = null;
      List<String> steps = new ArrayList<>();
      boolean inBackground = false;
      List<String> lines = new ArrayList<>(Files.readAllLines(feature));
      lines.add("Scenario: (end)");
      for (String raw : lines) {
        String line = raw.strip();
        if (line.startsWith("@")) {
          pending.addAll(List.of(line.split("\\s+")));
        } else if (line.startsWith("Feature:")) {
          featureTags.addAll(pending);
          pending.clear();
        } else if (line.startsWith("Background:")) {
          inBackground = true;
        } else if (line.startsWith("Scenario")) {
          if (title != null) {
            List<String> all = new ArrayList<>(background);
            all.addAll(steps);
            String where = feature.getFileName() + ": " + title;
            if (all.stream().anyMatch(step -> clock.matcher(step).matches())) {
              assertThat(tags)
                  .as("tags of %s, which changes the server clock", where)
                  .contains("@clock");
            }
            if (all.stream().anyMatch(step -> policy.matcher(step).matches())) {
              assertThat(tags)
                  .as("tags of %s, which changes the OTP policy", where)
                  .contains("@policy");
            }
            checked++;
          }
          inBackground = false;
          tags = new ArrayList<>(featureTags);
          tags.addAll(pending);
          pending.clear();
          title = line;
          steps = new ArrayList<>();
        } else if (line.startsWith("Examples")) {
          pending.clear();
        } else if (inBackground) {
          background.add(line);
        } else {
          steps.add(line);
        }
      }
    }
    assertThat(checked).isGreaterThan(30);
  }

  /** The catalogue names exactly the tagged requirements, each in the group its scenarios carry. */
  @Test
  void theCatalogueNamesEveryTaggedRequirementAndNoOther() throws IOException {
    everyScenarioIsTaggedAsKitMdSays();
    RequirementCatalogue catalogue = RequirementCatalogue.load(CATALOGUE);
    assertThat(groupsOfRequirement.keySet())
        .as("requirement tags missing from %s", CATALOGUE)
        .isSubsetOf(catalogue.requirements().keySet());
    assertThat(catalogue.requirements().keySet())
        .as("catalogue entries without a scenario")
        .isSubsetOf(groupsOfRequirement.keySet());
    for (Requirement r : catalogue.requirements().values()) {
      assertThat(groupsOfRequirement.get(r.id()))
          .as("group tags of %s's scenarios", r.id())
          .contains("@" + r.group());
      // contract/README.md#kit-required: the @core group is what a pass requires.
      assertThat(r.required())
          .as("%s required for a pass", r.id())
          .isEqualTo(r.group().equals("core"));
      assertThat(r.title()).as("title of %s", r.id()).isNotBlank().doesNotContain("\n");
      assertThat(r.clauses()).as("clauses %s checks", r.id()).isNotEmpty();
    }
  }

  /**
   * The catalogue's clauses are exactly the clauses of the contract in contract/ (every anchor but
   * those of headings), so a clause added to a document has to be covered or say why not, and a
   * catalogue entry cannot cite text that is not there.
   */
  @Test
  void theCatalogueListsEveryClauseOfTheContractByItsAnchor() throws IOException {
    RequirementCatalogue catalogue = RequirementCatalogue.load(CATALOGUE);
    ContractDocuments contract = ContractDocuments.of(CONTRACT);
    assertThat(contract.names()).contains("v3alpha", "v2", "hooks", "README");
    Set<String> listed = new java.util.LinkedHashSet<>();
    catalogue.clauses().forEach(c -> listed.add(c.clause()));
    assertThat(listed)
        .as("clauses of %s that are no anchor of %s", CATALOGUE, CONTRACT)
        .isSubsetOf(contract.clauses());
    assertThat(contract.clauses())
        .as("anchors of %s missing from the clauses of %s", CONTRACT, CATALOGUE)
        .isSubsetOf(listed);
    for (Clause clause : catalogue.clauses()) {
      assertThat(clause.says()).as("what %s says", clause.clause()).isNotBlank();
    }
    // In the documents' order, so the catalogue and docs/coverage.md read alongside them.
    for (String name : contract.names()) {
      List<String> inDocument = List.copyOf(ContractDocuments.clauses(contract.markdown(name)));
      assertThat(listed.stream().filter(inDocument::contains).toList())
          .as("the clauses of %s.md in the catalogue's order", name)
          .containsExactlyElementsOf(inDocument);
    }
    // The v2 dialect's clauses are v2.md's, each checked by a v2 requirement or out of scope.
    assertThat(catalogue.clauses())
        .filteredOn(c -> c.clause().startsWith("v2-"))
        .allSatisfy(c -> assertThat(c.pending()).as("%s pending", c.clause()).isEmpty());
    assertThat(listed)
        .contains(
            "v2-op-register",
            "v2-register-ready",
            "v2-verify-trim",
            "v2-remove-order",
            "v2-auth-no-membership",
            "v2-details-sequence");
  }

  /** Every clause is checked by a requirement, or says why not; every clause named exists. */
  @Test
  void everyClauseIsCoveredOrSaysWhyNot() throws IOException {
    RequirementCatalogue catalogue = RequirementCatalogue.load(CATALOGUE);
    Set<String> clauses = new java.util.LinkedHashSet<>();
    for (Clause clause : catalogue.clauses()) {
      assertThat(clauses.add(clause.clause())).as("%s listed twice", clause.clause()).isTrue();
      boolean checked = !catalogue.requirementsOf(clause.clause()).isEmpty();
      assertThat(checked || clause.outOfScope().isPresent() || clause.pending().isPresent())
          .as("%s has no requirement and no reason", clause.clause())
          .isTrue();
      assertThat(checked && clause.outOfScope().isPresent())
          .as("%s is checked and out of scope at once", clause.clause())
          .isFalse();
    }
    for (Requirement r : catalogue.requirements().values()) {
      assertThat(clauses).as("clauses named by %s", r.id()).containsAll(r.clauses());
    }
    // Every row of the error table is a clause of its own.
    for (int row = 1; row <= 14; row++) {
      assertThat(clauses).contains("v3alpha-row-" + row);
    }
    // The kit's jar reads the same catalogue from its class path.
    assertThat(RequirementCatalogue.load().requirements().keySet())
        .containsExactlyElementsOf(catalogue.requirements().keySet());
  }
}
