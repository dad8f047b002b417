package org.totpkit.mock.totp;

/**
 * The optional request context: which instance the caller addresses and which organization it
 * expects the user to be in. Any field may be null (not given).
 */
public record Scope(
    String instanceId, String instanceDomain, String orgId, String orgDomain, String requestHost) {
  public static final Scope NONE = new Scope(null, null, null, null, null);
}
