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
}
