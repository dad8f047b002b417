package org.totpkit.mock.totp;

/** The one instance this server plays: its id and its domain. */
public record Instance(String id, String domain) {
  public static final Instance DEFAULT = new Instance("reference-instance", "localhost");

  boolean isNamedBy(Scope scope) {
    boolean idMatches = scope.instanceId() == null || scope.instanceId().equals(id);
    boolean domainMatches =
        scope.instanceDomain() == null
            || scope.instanceDomain().equalsIgnoreCase(domain)
            || scope.instanceDomain().equalsIgnoreCase(scope.requestHost());
    return idMatches && domainMatches;
  }
}
