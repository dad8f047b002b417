package org.totpkit.mock.contract;

import java.time.Instant;

/** What the contract answers to a call, before a transport renders it. */
public sealed interface Answer {
  /** A success: the {@code details} of every response, and for start the new registration. */
  record Done(Operation operation, Details details, NewRegistration registration)
      implements Answer {}

  /** The first check that failed. */
  record Refused(ContractError error) implements Answer {}

  /**
   * {@code zitadel.resources.object.v3alpha.Details} (project decision: the user's id and creation
   * time, the time of this change, the user's organization as owner).
   */
  record Details(String id, Instant created, Instant changed, String ownerOrgId) {}

  /** The fields only start returns; the secret goes to the caller once. */
  record NewRegistration(String totpId, String uri, String secretBase32) {
    @Override
    public String toString() {
      return "NewRegistration[" + totpId + "]";
    }
  }
}
