package org.totpkit.kit.steps;

import java.util.Map;
import org.totpkit.kit.driver.ApiResponse;
import org.totpkit.kit.target.Dialect;
import org.totpkit.kit.target.Target;
import org.totpkit.kit.target.Targets;

/**
 * The English texts of the v2 errors, compared only when the target is this project's reference
 * server: upstream translates them into the instance's or the caller's language, so on a deployment
 * only the IDs and codes are normative (v2 contract, error texts).
 */
final class ReferenceTexts {
  static final Map<String, String> V2 =
      Map.ofEntries(
          Map.entry("AUTH-toLo1", "invalid auth header"),
          Map.entry("AUTH-7fs1e", "Errors.Token.Invalid"),
          Map.entry("AUTH-AWfge", "No matching permissions found"),
          Map.entry("AUTHZ-cdgFk", "membership not found"),
          Map.entry("COMMAND-SqyJz", "User could not be found"),
          Map.entry("COMMAND-4g3xq", "User could not be found"),
          Map.entry("COMMAND-do9se", "Multifactor OTP (OneTimePassword) is already set up"),
          Map.entry("COMMAND-3Mif9s", "Multifactor OTP (OneTimePassword) doesn't exist"),
          Map.entry("COMMAND-Hd9sd", "Multifactor OTP (OneTimePassword) doesn't exist"),
          Map.entry("COMMAND-qx4ls", "Errors.Users.MFA.OTP.AlreadyReady"),
          Map.entry("EVENT-8isk2", "Invalid code"));

  private ReferenceTexts() {}

  /** On the reference server in v2, the error's detail says the text the contract gives its ID. */
  static void expect(ApiResponse response, String id) {
    Target target = Targets.current();
    if (target.dialect() != Dialect.V2 || !target.referenceServer() || !V2.containsKey(id)) {
      return;
    }
    String text = response.details().isEmpty() ? "" : response.details().get(0).message();
    Expect.that(
        V2.get(id).equals(text),
        "the text of "
            + id
            + " is \""
            + text
            + "\"; the reference server says \""
            + V2.get(id)
            + "\"");
  }
}
