package org.totpkit.mock.faults;

/**
 * Deliberate contract violations. A server started with one of these is broken on purpose, so that
 * a test can prove the conformance kit notices. No command-line flag turns them on.
 */
public enum Fault {
  /** Any 6 to 9 character code verifies. */
  ACCEPT_ANY_CODE,
  /** Only the current step's code verifies. */
  SKEW_0,
  /** Codes of steps T-2..T+2 verify. */
  SKEW_2,
  /** A verified registration verifies again. */
  SECOND_VERIFY_SUCCEEDS,
  /** {@code details.owner} is the organization id as a plain string. */
  OWNER_AS_STRING,
  /** Error bodies are {@code {"error": "..."}} instead of rpcStatus. */
  ERROR_BODY_NOT_RPC_STATUS,
  /** A permission failure is answered as 404 with code 5. */
  FORBIDDEN_AS_NOT_FOUND,
  /** Every request acts as the user it addresses, with or without a token. */
  AUTH_IGNORED,
  /** Codes are compared as integers: leading zeros, signs and non-ASCII digits slip through. */
  NUMERIC_CODE_COMPARISON,
  /** Verify reads, checks, then writes without holding the registration: replays race through. */
  CHECK_THEN_SET_RACE
}
