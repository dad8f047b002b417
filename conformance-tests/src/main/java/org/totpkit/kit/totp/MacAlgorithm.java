package org.totpkit.kit.totp;

import java.util.Locale;

/**
 * The HMAC behind a TOTP registration (RFC 6238 §1.2), named as the Key URI and the hooks name it.
 */
public enum MacAlgorithm {
  SHA1("HmacSHA1"),
  SHA256("HmacSHA256"),
  SHA512("HmacSHA512");

  private final String jceName;

  MacAlgorithm(String jceName) {
    this.jceName = jceName;
  }

  /** The name the JCE knows this MAC by. */
  public String jceName() {
    return jceName;
  }

  /** Reads {@code SHA1}, {@code sha256}, ... as written in a Key URI or a policy. */
  public static MacAlgorithm named(String name) {
    return valueOf(name.trim().toUpperCase(Locale.ROOT));
  }
}
