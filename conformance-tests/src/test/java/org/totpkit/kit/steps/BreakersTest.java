package org.totpkit.kit.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.totpkit.kit.order.ErrorTable;

/**
 * The precedence matrix is generated from the error tables the kit carries: so every row of them
 * needs a breaker, and a breaker may only name rows that exist.
 */
class BreakersTest {

  private static ErrorTable table(String dialect) {
    return dialect.equals("v2") ? ErrorTable.v2() : ErrorTable.v3alpha();
  }

  @ParameterizedTest
  @ValueSource(strings = {"v3alpha", "v2"})
  void everyRowOfTheErrorTableHasABreaker(String dialect) {
    Set<String> broken =
        Breakers.of(dialect).stream().flatMap(b -> b.rows().stream()).collect(Collectors.toSet());
    List<String> without =
        table(dialect).rows().stream()
            .map(ErrorTable.Row::anchor)
            .filter(anchor -> !broken.contains(anchor))
            .toList();
    assertThat(without).as("rows of the %s error table without a breaker", dialect).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"v3alpha", "v2"})
  void everyBreakerNamesRowsAndOperationsOfItsTable(String dialect) {
    ErrorTable table = table(dialect);
    Set<String> rows =
        table.rows().stream().map(ErrorTable.Row::anchor).collect(Collectors.toSet());
    for (Breaker breaker : Breakers.of(dialect)) {
      assertThat(rows).as("rows %s breaks", breaker.name()).containsAll(breaker.rows());
      assertThat(table.operations())
          .as("operations of %s", breaker.name())
          .containsAll(breaker.operations());
      assertThat(breaker.excludes().keySet())
          .as("rows %s excludes", breaker.name())
          .allMatch(row -> row.equals("*") || rows.contains(row));
    }
  }

  @org.junit.jupiter.api.Test
  void theTablesAreReadAsTheContractWritesThem() {
    ErrorTable v3alpha = ErrorTable.v3alpha();
    assertThat(v3alpha.rows()).hasSize(14);
    ErrorTable.Row row11 = v3alpha.rows().get(10);
    assertThat(row11.anchor()).isEqualTo("v3alpha-row-11");
    assertThat(row11.httpStatus(0)).isEqualTo(404);
    assertThat(row11.code(0)).isEqualTo(5);
    assertThat(row11.id("verify", 0)).contains("COMMAND-3Mif9s");
    assertThat(row11.id("remove", 0)).contains("COMMAND-Hd9sd");
    assertThat(v3alpha.rows().get(6).id("verify", 0)).isEmpty();
    ErrorTable v2 = ErrorTable.v2();
    assertThat(v2.order("remove"))
        .extracting(ErrorTable.Row::anchor)
        .endsWith("v2-remove-no-totp", "v2-remove-permission");
    ErrorTable.Row permission = v2.order("verify").get(8);
    assertThat(permission.anchor()).isEqualTo("v2-verify-permission");
    assertThat(permission.alternatives()).isEqualTo(2);
    assertThat(permission.httpStatus(1)).isEqualTo(404);
    assertThat(permission.id("verify", 1)).contains("AUTHZ-cdgFk");
  }

  /** Every row but the routing one meets another row in some request, on REST and over RPC. */
  @ParameterizedTest
  @ValueSource(strings = {"v3alpha", "v2"})
  void everyRowTakesPartInTheMatrix(String dialect) {
    ErrorTable table = table(dialect);
    for (boolean overRest : List.of(true, false)) {
      Set<String> paired = new java.util.HashSet<>();
      for (String operation : table.operations()) {
        for (PrecedenceSteps.Pair pair : PrecedenceSteps.pairs(table, operation, overRest)) {
          assertThat(table.order(operation).indexOf(pair.earlierRow()))
              .isLessThan(table.order(operation).indexOf(pair.laterRow()));
          paired.add(pair.earlierRow().anchor());
          paired.add(pair.laterRow().anchor());
        }
      }
      List<String> alone =
          table.rows().stream()
              .map(ErrorTable.Row::anchor)
              .filter(anchor -> !paired.contains(anchor))
              .filter(anchor -> !anchor.matches(".*-row-[123]"))
              .toList();
      assertThat(alone).as("%s rows in no pair (over REST: %s)", dialect, overRest).isEmpty();
      if (overRest) {
        assertThat(paired)
            .as("REST's own rows 2 and 3 are paired")
            .contains(dialect + "-row-2", dialect + "-row-3");
      }
    }
  }

  /** The pairs the contract calls out by name are in the matrix; impossible ones are not. */
  @org.junit.jupiter.api.Test
  void theMatrixHoldsTheNamedPairsAndNotTheImpossibleOnes() {
    List<String> verify = names(ErrorTable.v3alpha(), "verify");
    assertThat(verify)
        .contains(
            "v3alpha-row-3 a verify body that is not a JSON string + v3alpha-row-4 no Authorization header",
            "v3alpha-row-9 an unknown user + v3alpha-row-10 another user of the organization, without permission",
            "v3alpha-row-10 another user of the organization, without permission + v3alpha-row-11 a registration that does not exist",
            "v3alpha-row-13 a locked registration + v3alpha-row-14 a wrong code")
        .noneMatch(pair -> pair.contains("row-12") && pair.contains("row-13"))
        .noneMatch(pair -> pair.startsWith("v3alpha-row-1 "));
    assertThat(names(ErrorTable.v2(), "remove"))
        .contains(
            "v2-remove-no-totp a user without a TOTP + v2-remove-permission a member of the organization without the permission");
    System.out.println(
        "pairs over REST: v3alpha "
            + ErrorTable.v3alpha().operations().stream()
                .map(op -> op + " " + PrecedenceSteps.pairs(ErrorTable.v3alpha(), op, true).size())
                .toList()
            + ", v2 "
            + ErrorTable.v2().operations().stream()
                .map(op -> op + " " + PrecedenceSteps.pairs(ErrorTable.v2(), op, true).size())
                .toList());
  }

  private static List<String> names(ErrorTable table, String operation) {
    return PrecedenceSteps.pairs(table, operation, true).stream()
        .map(
            p ->
                p.earlierRow().anchor()
                    + " "
                    + p.earlier().name()
                    + " + "
                    + p.laterRow().anchor()
                    + " "
                    + p.later().name())
        .toList();
  }
}
