package org.totpkit.mock.totp;

/**
 * The code an authenticator app shows now for a registration: the code of step {@code step}, valid
 * for {@code validForMillis} more on the server's clock.
 */
public record CurrentCode(String code, long step, long validForMillis) {
  @Override
  public String toString() {
    return "CurrentCode[step " + step + ", valid for " + validForMillis + " ms]";
  }
}
