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
import org.totpkit.mock.contract.Answer;

/** REST's rendering of a contract answer: the JSON models of the success bodies, or the error. */
final class OutcomeMapping {
  private OutcomeMapping() {}

  static ApiResponse toResponse(Answer answer) {
    if (answer instanceof Answer.Refused refused) {
      return Rendering.error(refused.error());
    }
    Answer.Done done = (Answer.Done) answer;
    V3alphaDetails details = details(done.details());
    return ApiResponse.ok(
        switch (done.operation()) {
          case START ->
              new V3alphaStartTOTPRegistrationResponse()
                  .details(details)
                  .totpId(done.registration().totpId())
                  .secret(done.registration().secretBase32())
                  .uri(done.registration().uri());
          case VERIFY -> new V3alphaVerifyTOTPRegistrationResponse().details(details);
          case REMOVE -> new V3alphaRemoveTOTPAuthenticatorResponse().details(details);
        });
  }

  static V3alphaDetails details(Answer.Details details) {
    return new V3alphaDetails()
        .id(details.id())
        .created(utc(details.created()))
        .changed(utc(details.changed()))
        .owner(new V3alphaOwner().type(V3alphaOwnerType.OWNER_TYPE_ORG).id(details.ownerOrgId()));
  }

  static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
