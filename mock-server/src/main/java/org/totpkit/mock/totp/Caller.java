package org.totpkit.mock.totp;

import java.util.Set;

/**
 * Who a bearer token stands for: a user acting for itself ({@code userId} set), or a caller that
 * holds {@code permissions} in one organization: a membership, even with no permission in it.
 */
public record Caller(String userId, String orgId, Set<Permission> permissions) {
  public Caller {
    permissions = Set.copyOf(permissions);
  }

  public static Caller user(User user) {
    return new Caller(user.id(), user.orgId(), Set.of());
  }

  /**
   * Whether the caller is a member of an organization (a token granted permissions there, even an
   * empty list of them). A user's own token is no membership: upstream finds none for it.
   */
  public boolean hasMembership() {
    return userId == null;
  }

  public boolean mayActOn(User user, Permission needed) {
    return user.id().equals(userId) || (user.orgId().equals(orgId) && permissions.contains(needed));
  }
}
