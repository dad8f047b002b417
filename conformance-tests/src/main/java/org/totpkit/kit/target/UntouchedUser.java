package org.totpkit.kit.target;

import java.util.Optional;
import org.totpkit.kit.driver.ApiResponse;
import org.totpkit.kit.driver.Caller;
import org.totpkit.kit.driver.ContractViolation;
import org.totpkit.kit.driver.TotpApi;

/**
 * Before a v2 black-box run: the kit only touches a user that has no TOTP, so that it leaves the
 * user as it found it and never removes a TOTP it did not create. Registering would tell (409 on a
 * ready TOTP) but replaces a pending one, so the question is asked with a verify instead: a
 * one-digit code is a wrong code whatever the secret, and a wrong code on registration verify
 * changes nothing (no lockout, no failure count). The answer names the state: no TOTP (404 {@code
 * COMMAND-3Mif9s}), pending (400 {@code EVENT-8isk2}) or ready (400 {@code COMMAND-qx4ls}).
 */
public final class UntouchedUser {
  /** One digit: never a right code (the v2 verifier wants exactly 6 after trimming). */
  static final String PROBE_CODE = "0";

  private UntouchedUser() {}

  /**
   * Throws a {@link TargetConfigurationException} (exit 2, one line) when a v2 target without hooks
   * names a user the kit must not touch, or credentials that cannot manage it.
   */
  public static void require(Target target) {
    if (target.dialect() != Dialect.V2 || target.hasHooks()) {
      return;
    }
    String userId = target.userId().orElseThrow();
    Caller admin = Caller.bearer(target.adminToken().orElseThrow());
    ApiResponse answer;
    try {
      answer = TotpApi.of(target).verifyWithPublicCode(admin, userId, "", PROBE_CODE);
    } catch (ContractViolation e) {
      // The scenarios report what is wrong with the answer; nothing was changed.
      return;
    }
    problem(answer, userId)
        .ifPresent(
            problem -> {
              throw new TargetConfigurationException(problem);
            });
  }

  /** What to fix, given the answer to the probe; empty when the user has no TOTP. */
  static Optional<String> problem(ApiResponse answer, String userId) {
    String id = answer.details().isEmpty() ? "" : answer.details().get(0).id();
    String remove =
        "remove it (DELETE /v2/users/"
            + userId
            + "/totp) or set user.id to a human user without one; the kit never removes a TOTP it"
            + " did not create";
    return switch (id) {
      case "COMMAND-3Mif9s" -> Optional.empty();
      case "COMMAND-qx4ls" ->
          Optional.of("user.id " + userId + " already has a ready TOTP: " + remove);
      case "EVENT-8isk2" ->
          Optional.of("user.id " + userId + " already has a pending TOTP: " + remove);
      case "COMMAND-4g3xq" ->
          Optional.of("user.id " + userId + " is not a user of this target: name a human user");
      case "AUTH-AWfge", "AUTHZ-cdgFk" ->
          Optional.of(
              "admin.token may not manage user.id "
                  + userId
                  + " ("
                  + id
                  + "): give a service user's token with user.credential.write and user.write on"
                  + " the user's organization (ORG_OWNER)");
      default ->
          answer.code() == 16
              ? Optional.of("admin.token is not accepted by the target (" + answer.message() + ")")
              : Optional.empty();
    };
  }
}
