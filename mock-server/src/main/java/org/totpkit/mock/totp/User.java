package org.totpkit.mock.totp;

import java.time.Instant;

/** A human user of an organization. */
public record User(String id, String orgId, String loginName, Instant created) {}
