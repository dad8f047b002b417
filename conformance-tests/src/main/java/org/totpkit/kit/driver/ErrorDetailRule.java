package org.totpkit.kit.driver;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The detail rule of the error table (contract/v3alpha.md §3), checked on every error the kit sees
 * over every transport: an error whose message ends with an ID, {@code "<text> (<ID>)"}, carries
 * exactly one zitadel.v1.ErrorDetail with that id and text; an error without an ID has no details.
 */
public final class ErrorDetailRule {
  public static final String ERROR_DETAIL_TYPE = "type.googleapis.com/zitadel.v1.ErrorDetail";

  // Upstream's IDs: an upper-case area, a dash, letters and digits (AUTH-toLo1, COMMAND-4g3xq).
  private static final Pattern WITH_ID = Pattern.compile("(.+) \\(([A-Z]+-[A-Za-z0-9]+)\\)");

  private ErrorDetailRule() {}

  /** Why {@code error} breaks the rule, or empty when it keeps it (or is not an error). */
  public static Optional<String> violation(ApiResponse error) {
    if (error.ok() || error.code() == ApiResponse.NO_CODE) {
      return Optional.empty();
    }
    Matcher id = WITH_ID.matcher(error.message());
    List<ApiResponse.ErrorDetail> details = error.details();
    if (!id.matches()) {
      // "details": [] is a detail list too: grpc-gateway omits an empty one.
      return details.isEmpty() && !error.fields().has("details")
          ? Optional.empty()
          : Optional.of("an error without an ID carries details; the contract omits them");
    }
    if (details.size() != 1) {
      return Optional.of(
          "the error "
              + id.group(2)
              + " has "
              + details.size()
              + " details, the contract wants exactly one ErrorDetail");
    }
    ApiResponse.ErrorDetail detail = details.get(0);
    if (!ERROR_DETAIL_TYPE.equals(detail.type())) {
      return Optional.of(
          "the detail of "
              + id.group(2)
              + " is not a "
              + ERROR_DETAIL_TYPE
              + " but "
              + (detail.type().isEmpty() ? "untyped" : detail.type()));
    }
    if (!id.group(2).equals(detail.id()) || !id.group(1).equals(detail.message())) {
      return Optional.of(
          "the ErrorDetail of "
              + id.group(2)
              + " does not repeat the message's text and ID; the contract wants \"<detail"
              + " message> (<detail id>)\"");
    }
    return Optional.empty();
  }
}
