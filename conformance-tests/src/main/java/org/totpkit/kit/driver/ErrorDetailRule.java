package org.totpkit.kit.driver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The detail rule of the error table (CONTRACT.md §3), checked on every error the kit sees: an
 * error whose message ends with an ID, {@code "<text> (<ID>)"}, carries exactly one
 * zitadel.v1.ErrorDetail with that id and text; an error without an ID has no {@code details}.
 */
final class ErrorDetailRule {
  static final String ERROR_DETAIL_TYPE = "type.googleapis.com/zitadel.v1.ErrorDetail";

  // Upstream's IDs: an upper-case area, a dash, letters and digits (AUTH-toLo1, COMMAND-4g3xq).
  private static final Pattern WITH_ID = Pattern.compile("(.+) \\(([A-Z]+-[A-Za-z0-9]+)\\)");

  private ErrorDetailRule() {}

  /** Why {@code error} breaks the rule, or empty when it keeps it (or is not an error status). */
  static Optional<String> violation(JsonNode error) {
    if (!error.isObject() || !error.path("message").isTextual()) {
      return Optional.empty();
    }
    Matcher id = WITH_ID.matcher(error.path("message").asText());
    JsonNode details = error.path("details");
    if (!id.matches()) {
      return details.isMissingNode()
          ? Optional.empty()
          : Optional.of("an error without an ID carries details; the contract omits them");
    }
    if (!details.isArray() || details.size() != 1) {
      return Optional.of(
          "the error "
              + id.group(2)
              + " has "
              + (details.isArray() ? details.size() : 0)
              + " details, the contract wants exactly one ErrorDetail");
    }
    JsonNode detail = details.get(0);
    if (!ERROR_DETAIL_TYPE.equals(detail.path("@type").asText())) {
      return Optional.of(
          "the detail of "
              + id.group(2)
              + " is not a "
              + ERROR_DETAIL_TYPE
              + " but "
              + detail.path("@type").asText("untyped"));
    }
    if (!id.group(2).equals(detail.path("id").asText())
        || !id.group(1).equals(detail.path("message").asText())) {
      return Optional.of(
          "the ErrorDetail of "
              + id.group(2)
              + " does not repeat the message's text and ID; the contract wants \"<detail"
              + " message> (<detail id>)\"");
    }
    return Optional.empty();
  }
}
