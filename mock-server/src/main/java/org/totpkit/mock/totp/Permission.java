package org.totpkit.mock.totp;

import java.util.Arrays;
import java.util.Optional;

/** The ZITADEL permissions these operations check, by their upstream names. */
public enum Permission {
  USER_CREDENTIAL_WRITE("user.credential.write"),
  USER_WRITE("user.write");

  private final String externalName;

  Permission(String externalName) {
    this.externalName = externalName;
  }

  public String externalName() {
    return externalName;
  }

  public static Optional<Permission> byName(String name) {
    return Arrays.stream(values()).filter(p -> p.externalName.equals(name)).findFirst();
  }
}
