package org.totpkit.mock.contract.v2;

import java.time.Instant;
import org.totpkit.mock.contract.ContractError;

/** What the v2 contract answers to a call, before a transport renders it. */
public sealed interface V2Answer {
  /** A success: the {@code details} of every response, and for register the new secret. */
  record Done(V2Operation operation, Details details, NewTotp totp) implements V2Answer {}

  /** The first check that failed. */
  record Refused(ContractError error) implements V2Answer {}

  /**
   * {@code zitadel.object.v2.Details}: the user's sequence after this change, the time of the
   * change, the user's organization. {@code creation_date} is never set by these operations.
   */
  record Details(long sequence, Instant changeDate, String resourceOwner) {}

  /** The fields only register returns; the secret goes to the caller once. */
  record NewTotp(String uri, String secretBase32) {
    @Override
    public String toString() {
      return "NewTotp[***]";
    }
  }
}
