package org.totpkit.mock.http;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.totpkit.contract.api.model.V3alphaDetails;
import org.totpkit.contract.api.model.V3alphaOwner;
import org.totpkit.contract.api.model.V3alphaOwnerType;
import org.totpkit.contract.api.model.V3alphaRemoveTOTPAuthenticatorResponse;
import org.totpkit.contract.api.model.V3alphaStartTOTPRegistrationResponse;
import org.totpkit.contract.api.model.V3alphaVerifyTOTPRegistrationResponse;
import org.totpkit.mock.totp.LimitReached;
import org.totpkit.mock.totp.Outcome;
import org.totpkit.mock.totp.User;

/** The one place where a domain outcome becomes an HTTP response. */
final class OutcomeMapping {
  private OutcomeMapping() {}

  static ApiResponse toResponse(Outcome outcome, Route route) {
    if (outcome instanceof Outcome.Started started) {
      return ApiResponse.ok(
          new V3alphaStartTOTPRegistrationResponse()
              .details(details(started.user(), started.changed()))
              .totpId(started.totpId())
              .secret(started.secretBase32())
              .uri(started.uri()));
    }
    if (outcome instanceof Outcome.Verified verified) {
      return ApiResponse.ok(
          new V3alphaVerifyTOTPRegistrationResponse()
              .details(details(verified.user(), verified.changed())));
    }
    if (outcome instanceof Outcome.Removed removed) {
      return ApiResponse.ok(
          new V3alphaRemoveTOTPAuthenticatorResponse()
              .details(details(removed.user(), removed.changed())));
    }
    if (outcome instanceof Outcome.OutOfScope) {
      return ErrorTable.outOfScope();
    }
    if (outcome instanceof Outcome.UserNotFound) {
      return ErrorTable.userNotFound();
    }
    if (outcome instanceof Outcome.PermissionDenied) {
      return ErrorTable.permissionDenied();
    }
    if (outcome instanceof Outcome.RegistrationNotFound) {
      return route == Route.REMOVE
          ? ErrorTable.authenticatorNotFound()
          : ErrorTable.registrationNotFound();
    }
    if (outcome instanceof Outcome.AlreadyVerified) {
      return ErrorTable.alreadyVerified();
    }
    if (outcome instanceof Outcome.Locked locked) {
      return ErrorTable.locked(locked.retryAfter());
    }
    if (outcome instanceof Outcome.InvalidCode) {
      return ErrorTable.invalidCode();
    }
    if (outcome instanceof Outcome.Exhausted exhausted) {
      return ErrorTable.resourceExhausted(
          LimitReached.message(exhausted.resource(), exhausted.limit()));
    }
    throw new IllegalStateException("unmapped outcome " + outcome.getClass().getSimpleName());
  }

  static V3alphaDetails details(User user, Instant changed) {
    return new V3alphaDetails()
        .id(user.id())
        .created(utc(user.created()))
        .changed(utc(changed))
        .owner(new V3alphaOwner().type(V3alphaOwnerType.OWNER_TYPE_ORG).id(user.orgId()));
  }

  static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
