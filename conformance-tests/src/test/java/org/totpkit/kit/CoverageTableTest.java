package org.totpkit.kit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.totpkit.kit.report.CoverageTable;
import org.totpkit.kit.report.RequirementCatalogue;

/** docs/coverage.md is what the catalogue generates, so the table cannot drift from it. */
class CoverageTableTest {
  private static final Path TABLE = Path.of("../docs/coverage.md");
  private static final String REGENERATE =
      "regenerate it: mvn -B -ntp -pl conformance-tests -am test -Dtest=CoverageTableTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false -Dtotp.coverage.write=true";

  @Test
  void theCommittedTableIsTheGeneratedOne() throws IOException {
    String generated =
        CoverageTable.markdown(RequirementCatalogue.load(Path.of("../features/requirements.yaml")));
    if (Boolean.getBoolean("totp.coverage.write")) {
      Files.writeString(TABLE, generated, StandardCharsets.UTF_8);
    }
    assertThat(Files.exists(TABLE)).as("%s exists; %s", TABLE, REGENERATE).isTrue();
    assertThat(Files.readString(TABLE, StandardCharsets.UTF_8))
        .as("%s differs from features/requirements.yaml; %s", TABLE, REGENERATE)
        .isEqualTo(generated);
    // The table names every clause and every requirement.
    assertThat(generated)
        .contains(
            "| [v3alpha-row-8](../contract/v3alpha.md#v3alpha-row-8) |",
            "| [v2-register-ready](../contract/v2.md#v2-register-ready) |",
            "| TOTP-CORE-01 |");
  }
}
