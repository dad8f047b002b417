package org.totpkit.mock.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.totpkit.contract.hooks.model.CreatedUser;
import org.totpkit.mock.junit.HooksClient;

/** A fresh user with a registration started through the API, and what the start answered. */
public record PendingRegistration(
    String userId, String orgId, String token, String totpId, String secret) {

  /** Creates a user with the hooks and starts a registration as that user. */
  public static PendingRegistration start(HooksClient hooks, RawHttp api) {
    return startFor(hooks.createUser(), api);
  }

  public static PendingRegistration startFor(CreatedUser user, RawHttp api) {
    return startAs(user.getUserId(), user.getOrgId(), user.getToken(), api);
  }

  /** Starts a second registration of the same user, as that user. */
  public PendingRegistration startAnother(RawHttp api) {
    return startAs(userId, orgId, token, api);
  }

  private static PendingRegistration startAs(
      String userId, String orgId, String token, RawHttp api) {
    Reply started = api.start(token, userId);
    assertThat(started.status()).as("start: %s", started).isEqualTo(200);
    return new PendingRegistration(
        userId, orgId, token, started.text("totpId"), started.text("secret"));
  }

  /** The default-policy code (SHA1, 6 digits, 30 s) for {@code epochSeconds}. */
  public String codeAt(long epochSeconds) {
    return JceTotp.totp(secret, epochSeconds);
  }

  /** A code that is not in the window around {@code epochSeconds}. */
  public String wrongCodeAt(long epochSeconds) {
    java.util.Set<String> window = new java.util.HashSet<>();
    for (int step = -1; step <= 1; step++) {
      window.add(JceTotp.totp("SHA1", JceTotp.base32(secret), epochSeconds, 30, 6, step));
    }
    for (int step = 5; ; step++) {
      String far = JceTotp.totp("SHA1", JceTotp.base32(secret), epochSeconds, 30, 6, step);
      if (!window.contains(far)) {
        return far;
      }
    }
  }

  public Reply verify(RawHttp api, String code) {
    return api.verifyCode(token, userId, totpId, code);
  }

  /** Verifies this registration with another caller's token. */
  public Reply verifyAs(RawHttp api, String callerToken, String code) {
    return api.verifyCode(callerToken, userId, totpId, code);
  }

  @Override
  public String toString() {
    return "PendingRegistration[user " + userId + ", totp " + totpId + "]";
  }
}
