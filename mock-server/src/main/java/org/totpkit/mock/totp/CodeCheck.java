package org.totpkit.mock.totp;

import java.time.Instant;

/** Decides whether a submitted code is right for a registration at an instant. */
@FunctionalInterface
public interface CodeCheck {
  /** The contract's rule: RFC 6238, strict ASCII digits, window of +-skew steps. */
  CodeCheck RFC_6238 = TimeBasedCode::matches;

  boolean matches(byte[] key, TotpParameters parameters, Instant at, String submitted);
}
