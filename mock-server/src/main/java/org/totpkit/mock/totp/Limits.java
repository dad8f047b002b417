package org.totpkit.mock.totp;

/**
 * The resource bounds: how many users, tokens and registrations the server keeps. Reaching one is
 * an answer (429, code 8), never an out-of-memory.
 */
public record Limits(
    int maxUsers, int maxTokens, int maxRegistrationsPerUser, int maxRegistrations) {
  public static final int DEFAULT_MAX_USERS = 10_000;
  public static final int DEFAULT_MAX_TOKENS = 10_000;
  public static final int DEFAULT_MAX_REGISTRATIONS_PER_USER = 100;
  public static final int DEFAULT_MAX_REGISTRATIONS = 100_000;

  public static final Limits DEFAULT =
      new Limits(
          DEFAULT_MAX_USERS,
          DEFAULT_MAX_TOKENS,
          DEFAULT_MAX_REGISTRATIONS_PER_USER,
          DEFAULT_MAX_REGISTRATIONS);

  public Limits {
    if (maxUsers < 1 || maxTokens < 1 || maxRegistrationsPerUser < 1 || maxRegistrations < 1) {
      throw new IllegalArgumentException("every resource bound must be at least 1");
    }
  }
}
