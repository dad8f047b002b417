package org.totpkit.mock;

import java.time.Instant;
import org.totpkit.mock.totp.Organization;
import org.totpkit.mock.totp.TotpService;
import org.totpkit.mock.totp.User;

/**
 * The organization, user and token the server starts with, fixed so that a client team can keep
 * them in its development configuration. Well known, therefore not secret.
 */
public record DemoData(
    String orgId, String orgDomain, String userId, String loginName, String token) {
  public static final DemoData STANDARD =
      new DemoData(
          "100000000000000001",
          "demo.localhost",
          "100000000000000002",
          "demo@demo.localhost",
          "demo-token");

  void install(TotpService service, Instant now) {
    service
        .directory()
        .enrol(new Organization(orgId, orgDomain), new User(userId, orgId, loginName, now), token);
  }
}
