package org.totpkit.mock.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.totpkit.mock.totp.TotpStore;

/**
 * {@link Fault#FIELD_RULE_FAILURES_COUNTED}: a REST request filter in front of the API that counts
 * a verify whose code is shorter than the field rule allows (row 7) as a failed attempt of the
 * registration, as if it were a wrong code (row 14). The request itself is then served as usual, so
 * the answer is still the row-7 error; only the lockout count is wrong.
 */
final class FieldRuleFailuresCounted implements StubRequestFilterV2 {
  private static final Pattern PATH =
      Pattern.compile("^/resources/v3alpha/users/([^/]+)/totp/([^/]+)/_verify$");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CODE_MIN = 6;

  private final Supplier<TotpStore> store;

  FieldRuleFailuresCounted(Supplier<TotpStore> store) {
    this.store = store;
  }

  @Override
  public String getName() {
    return "totp-fault-field-rule-failures-counted";
  }

  @Override
  public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
    Matcher path = PATH.matcher(request.getUrl().split("\\?", 2)[0]);
    if (!path.matches() || !"POST".equals(request.getMethod().getName())) {
      return RequestFilterAction.continueWith(request);
    }
    String code;
    try {
      // The verify body is the code itself, as a JSON string.
      JsonNode body = JSON.readTree(request.getBody());
      if (body == null || !body.isTextual()) {
        return RequestFilterAction.continueWith(request);
      }
      code = body.asText();
    } catch (IOException | RuntimeException e) {
      return RequestFilterAction.continueWith(request);
    }
    int length = code.codePointCount(0, code.length());
    if (length >= 1 && length < CODE_MIN) {
      String userId = path.group(1);
      String totpId = path.group(2);
      store
          .get()
          .transition(
              totpId,
              current ->
                  new TotpStore.Transition<>(
                      current != null
                              && current.userId().equals(userId)
                              && current.lockedUntil() == null
                          ? current.failed(current.failedAttempts() + 1, current.lockedUntil())
                          : current,
                      null));
    }
    return RequestFilterAction.continueWith(request);
  }
}
