package org.totpkit.mock.totp;

/**
 * The server-wide settings the hooks change: the clock and the policy. One value, so that a request
 * reads both in one look at the store.
 */
public record Settings(ClockSetting clock, TotpPolicy policy) {
  public static final Settings DEFAULT = new Settings(ClockSetting.REAL_TIME, TotpPolicy.DEFAULT);

  public Settings withClock(ClockSetting newClock) {
    return new Settings(newClock, policy);
  }

  public Settings withPolicy(TotpPolicy newPolicy) {
    return new Settings(clock, newPolicy);
  }
}
