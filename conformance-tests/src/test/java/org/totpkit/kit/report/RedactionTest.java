package org.totpkit.kit.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {
  @Test
  void blanksRegisteredValuesButNotNeighbouringDigits() {
    Redaction.register("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
    Redaction.register("482913");
    Redaction.register("null");
    assertThat(Redaction.redact("secret JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP and code 482913."))
        .isEqualTo("secret ‹redacted› and code ‹redacted›.");
    // A registration id or a timestamp that merely contains the digits stays intact; short values
    // are never registered.
    assertThat(Redaction.redact("totpId 1234829130 null")).isEqualTo("totpId 1234829130 null");
  }

  @Test
  void leavesNoPartOfOverlappingOrAdjacentValues() {
    Redaction.register("QWERTYUIOPQWERTY");
    Redaction.register("UIOPQWERTYZXCVBN");
    Redaction.register("731904");
    // Two tokens that overlap, and a code right after a blanked token: nothing of them is left.
    assertThat(Redaction.redact("[QWERTYUIOPQWERTYZXCVBN] x QWERTYUIOPQWERTY731904 y"))
        .isEqualTo("[‹redacted›] x ‹redacted› y");
    assertThat(Redaction.redact("no value here")).isEqualTo("no value here");
  }

  @Test
  void findsEachOfManyValuesInOnePass() {
    // A long JVM (the fault proofs) registers thousands of codes and tokens.
    for (int i = 0; i < 20_000; i++) {
      Redaction.register("tok-" + Integer.toString(i, 36) + "-x");
      Redaction.register(Integer.toString(500_000 + i));
    }
    assertThat(Redaction.redact("a tok-a0-x b 519999 c 5199990 d tok-zz-xy"))
        .isEqualTo("a ‹redacted› b ‹redacted› c 5199990 d ‹redacted›y");
  }
}
