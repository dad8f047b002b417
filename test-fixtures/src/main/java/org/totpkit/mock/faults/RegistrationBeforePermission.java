package org.totpkit.mock.faults;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.totpkit.mock.contract.Authentication;
import org.totpkit.mock.totp.Permission;
import org.totpkit.mock.totp.Registration;
import org.totpkit.mock.totp.TotpStore;
import org.totpkit.mock.totp.User;

/**
 * {@link Fault#ORDER_REGISTRATION_BEFORE_PERMISSION}: a REST request filter in front of the API
 * that answers row 11 for a v3alpha verify or remove whose registration the user does not hold,
 * before the caller's permission (row 10) is looked at.
 */
final class RegistrationBeforePermission implements StubRequestFilterV2 {
  private static final Pattern PATH =
      Pattern.compile("^/resources/v3alpha/users/([^/]+)/totp/([^/]+?)(/_verify)?$");

  private final Authentication authentication;
  private final Supplier<TotpStore> store;

  RegistrationBeforePermission(Authentication authentication, Supplier<TotpStore> store) {
    this.authentication = authentication;
    this.store = store;
  }

  @Override
  public String getName() {
    return "totp-fault-registration-before-permission";
  }

  @Override
  public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
    Matcher path = PATH.matcher(request.getUrl().split("\\?", 2)[0]);
    if (!path.matches()) {
      return RequestFilterAction.continueWith(request);
    }
    String userId = path.group(1);
    String totpId = path.group(2);
    boolean verify = path.group(3) != null;
    Optional<User> user = store.get().user(userId);
    if (user.isEmpty()
        || !(authentication.authenticate(request.getHeader("Authorization"), userId)
            instanceof Authentication.Authenticated ok)
        || ok.caller()
            .mayActOn(
                user.get(), verify ? Permission.USER_CREDENTIAL_WRITE : Permission.USER_WRITE)) {
      return RequestFilterAction.continueWith(request);
    }
    Optional<Registration> registration = store.get().registration(totpId);
    if (registration.isPresent() && registration.get().userId().equals(userId)) {
      return RequestFilterAction.continueWith(request);
    }
    String id = verify ? "COMMAND-3Mif9s" : "COMMAND-Hd9sd";
    String text = "Multifactor OTP (OneTimePassword) doesn't exist";
    return RequestFilterAction.stopWith(
        ResponseDefinitionBuilder.responseDefinition()
            .withStatus(404)
            .withHeader("Content-Type", "application/json")
            .withBody(
                "{\"code\":5,\"message\":\""
                    + text
                    + " ("
                    + id
                    + ")\",\"details\":[{\"@type\":\"type.googleapis.com/zitadel.v1.ErrorDetail\","
                    + "\"id\":\""
                    + id
                    + "\",\"message\":\""
                    + text
                    + "\"}]}")
            .build());
  }
}
