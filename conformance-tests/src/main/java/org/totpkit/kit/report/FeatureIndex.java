package org.totpkit.kit.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which scenarios the kit's feature files hold, by requirement ID, whether or not a run selected
 * them: what a waiver may name.
 */
public final class FeatureIndex {
  private static final Pattern REQUIREMENT = Pattern.compile("@(TOTP-(?:V2-)?[A-Z]+-[0-9]{2})\\b");
  private static final Pattern SCENARIO =
      Pattern.compile(
          "^\\s*(?:Scenario|Scenario Outline|Scenario Template|Example):\\s*(.+?)\\s*$");

  private final Map<String, List<String>> scenariosByRequirement;

  private FeatureIndex(Map<String, List<String>> scenariosByRequirement) {
    this.scenariosByRequirement = scenariosByRequirement;
  }

  public static FeatureIndex of(Map<String, String> featureSources) {
    Map<String, List<String>> index = new LinkedHashMap<>();
    featureSources.values().forEach(source -> read(source, index));
    return new FeatureIndex(index);
  }

  /** The kit's own features, from its classpath. */
  public static FeatureIndex ofKit() {
    return of(KitDocuments.features());
  }

  private static void read(String source, Map<String, List<String>> index) {
    List<String> pendingTags = new ArrayList<>();
    for (String line : source.split("\\R")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("@")) {
        Matcher tags = REQUIREMENT.matcher(trimmed);
        while (tags.find()) {
          pendingTags.add(tags.group(1));
        }
        continue;
      }
      Matcher scenario = SCENARIO.matcher(line);
      if (scenario.matches()) {
        for (String id : pendingTags) {
          index.computeIfAbsent(id, key -> new ArrayList<>()).add(scenario.group(1));
        }
      }
      if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
        pendingTags.clear();
      }
    }
  }

  public boolean hasRequirement(String id) {
    return scenariosByRequirement.containsKey(id);
  }

  /** The scenario names (outline templates with their {@code <placeholders>}) of a requirement. */
  public List<String> scenarios(String id) {
    return scenariosByRequirement.getOrDefault(id, List.of());
  }

  public List<String> requirements() {
    return List.copyOf(scenariosByRequirement.keySet());
  }

  /**
   * Whether a scenario name from a run, or from a waiver, is the named scenario: the same text, or
   * an outline's example whose placeholders were filled in.
   */
  public static boolean sameScenario(String template, String name) {
    if (template.equals(name)) {
      return true;
    }
    if (!template.contains("<")) {
      return false;
    }
    StringBuilder regex = new StringBuilder();
    Matcher placeholder = Pattern.compile("<[^>]+>").matcher(template);
    int last = 0;
    while (placeholder.find()) {
      regex.append(Pattern.quote(template.substring(last, placeholder.start()))).append(".+");
      last = placeholder.end();
    }
    regex.append(Pattern.quote(template.substring(last)));
    return name.matches(regex.toString());
  }
}
