package org.totpkit.kit.report;

import java.util.Locale;
import java.util.Optional;

/**
 * What a requirement ID means, for the report's requirement table: its title, the contract clause
 * it checks, its group and whether a pass needs it. The one place the report asks; the catalogue is
 * the single source of truth once it exists, and until then the feature files stand in.
 */
public interface RequirementCatalogue {

  /**
   * @param clause where the contract says it ({@code CONTRACT.md §3 row 11}), or empty when unknown
   */
  record Requirement(String id, String title, String clause, String group, boolean required) {}

  Optional<Requirement> find(String id);

  /** The kit's catalogue. */
  static RequirementCatalogue kit() {
    return fromFeatures(FeatureIndex.ofKit());
  }

  /**
   * A stand-in from the feature files alone: the first scenario's name as title, the group from the
   * ID, and only {@code core} required (KIT.md).
   */
  static RequirementCatalogue fromFeatures(FeatureIndex features) {
    return id -> {
      if (!features.hasRequirement(id)) {
        return Optional.empty();
      }
      String[] parts = id.split("-");
      String group = parts.length >= 3 ? parts[1].toLowerCase(Locale.ROOT) : "";
      return Optional.of(
          new Requirement(
              id, features.firstScenario(id).orElse(id), "", group, group.equals("core")));
    };
  }
}
