package org.totpkit.mock.totp;

/** An organization: it owns users, and its domain can name it in a request. */
public record Organization(String id, String domain) {}
