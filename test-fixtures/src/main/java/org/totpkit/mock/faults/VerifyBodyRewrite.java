package org.totpkit.mock.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestWrapper;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.Body;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.function.BiFunction;
import org.totpkit.mock.contract.Authentication;
import org.totpkit.mock.http.Json;

/**
 * Changes the body of a verify request before the API sees it: the request-side faults. WireMock
 * runs request filters in the order they were registered, so this one is registered before the API.
 * (A v1 filter would not do: WireMock hands the v2 filters the original request.)
 */
final class VerifyBodyRewrite implements StubRequestFilterV2 {
  private final BiFunction<Request, String, String> rewrite;

  VerifyBodyRewrite(BiFunction<Request, String, String> rewrite) {
    this.rewrite = rewrite;
  }

  @Override
  public String getName() {
    return "totp-fault-verify-body";
  }

  @Override
  public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
    String path = request.getUrl().split("\\?", 2)[0];
    if (!path.endsWith("/_verify")) {
      return RequestFilterAction.continueWith(request);
    }
    String body = rewrite.apply(request, request.getBodyAsString());
    return RequestFilterAction.continueWith(
        RequestWrapper.create().transformBody(ignored -> new Body(body)).wrap(request));
  }

  /** Takes the code out of {@code {"code": ...}}, and a JSON number as its digits. */
  static String lenient(Request request, String body) {
    try {
      JsonNode node = Json.MAPPER.readTree(body);
      if (node != null && node.isObject() && node.has("code")) {
        node = node.get("code");
      }
      if (node != null && (node.isNumber() || node.isTextual())) {
        return Json.MAPPER.writeValueAsString(node.asText());
      }
    } catch (Exception e) {
      // Not JSON: left for the API to refuse.
    }
    return body;
  }

  /** A JSON true or false is taken as its text, which the field rule then refuses (row 7). */
  static String booleanAsText(Request request, String body) {
    String trimmed = body == null ? "" : body.strip();
    return trimmed.equals("true") || trimmed.equals("false") ? "\"" + trimmed + "\"" : body;
  }

  /**
   * The code's rule counted in UTF-16 units: a code of 6..9 code points but more than 9 units is
   * replaced by one of 10 digits, which the real rule then refuses (row 7).
   */
  static String codeInUtf16Units(Request request, String body) {
    try {
      JsonNode node = Json.MAPPER.readTree(body);
      if (node != null && node.isTextual()) {
        String code = node.asText();
        if (code.length() > 9 && code.codePointCount(0, code.length()) <= 9) {
          return "\"" + "0".repeat(10) + "\"";
        }
      }
    } catch (Exception e) {
      // Not JSON: left for the API to refuse.
    }
    return body;
  }

  /**
   * Authentication first: a request that would be refused has its body ignored, so the API answers
   * its 401 whatever the body holds.
   */
  static BiFunction<Request, String, String> authenticatedFirst(Authentication authentication) {
    return (request, body) ->
        authentication.authenticate(request.getHeader("Authorization"), "")
                instanceof Authentication.Refused
            ? ""
            : body;
  }
}
