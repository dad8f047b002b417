package org.totpkit.mock.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.totpkit.contract.api.model.ProtobufAny;
import org.totpkit.contract.api.model.RpcStatus;
import org.totpkit.mock.contract.ContractError;
import org.totpkit.mock.contract.ErrorTable;
import org.totpkit.mock.contract.Operation;

/**
 * A REST error body ({@code google.rpc.Status} as grpc-gateway writes it) as the bytes sent,
 * without Jackson: the contract's fixed rows of both dialects are rendered once, when the class is
 * loaded, and kept as bytes; any other status (a message with a number or a reason in it) is
 * written by hand in the same form. Byte for byte what {@link Json#write} gives for the same model
 * (a test compares every row); a model this writer does not know the shape of (extra properties)
 * still goes through Jackson.
 *
 * <p>Why: most REST answers are one of a handful of fixed errors (a wrong code, a missing token, no
 * route), and serialising the same model with Jackson on every request was the largest part of the
 * answer's own work on the verify path.
 */
final class ErrorJson {
  /** The fixed rows of both dialects, by message (the message tells the rows apart). */
  private static final Map<String, Row> ROWS = new HashMap<>();

  static {
    for (ContractError row : fixedRows()) {
      RpcStatus status = Rendering.status(row);
      ROWS.put(status.getMessage(), new Row(status, write(status)));
    }
  }

  private ErrorJson() {}

  /** A rendered row: the model it was rendered from, to check a body against, and its bytes. */
  private record Row(RpcStatus status, byte[] bytes) {}

  /**
   * Every error of the error table whose body never changes, in either dialect; the rows with a
   * number or a reason in the message are rendered per answer.
   */
  static List<ContractError> fixedRows() {
    return List.of(
        ErrorTable.noRoute(),
        ErrorTable.wrongMethod(),
        ErrorTable.authHeaderMissing(),
        ErrorTable.notBearer(),
        ErrorTable.unknownToken(),
        ErrorTable.outOfScope(),
        ErrorTable.userNotFound(),
        ErrorTable.permissionDenied(),
        ErrorTable.registrationNotFound(),
        ErrorTable.authenticatorNotFound(),
        ErrorTable.alreadyVerified(),
        // The lockout's body is fixed; its seconds go in Retry-After.
        ErrorTable.locked(Duration.ofSeconds(1)),
        ErrorTable.invalidCode(),
        ErrorTable.v2UserNotFoundOnRegister(),
        ErrorTable.membershipNotFound(),
        ErrorTable.totpAlreadySetUp(),
        ErrorTable.totpAlreadyReady(),
        ErrorTable.internal());
  }

  /** Rows with a variable part, for tests: each rendered per answer. */
  static List<ContractError> variableRows() {
    return List.of(
        ErrorTable.undecodable("request body is not valid JSON"),
        ErrorTable.fieldLength(Operation.VERIFY, "code", 1, 200),
        ErrorTable.bodyTooLarge(65_536));
  }

  /** The body's bytes: a fixed row's kept bytes, else written now. */
  static byte[] bytes(RpcStatus status) {
    String message = status.getMessage();
    if (message != null) {
      Row row = ROWS.get(message);
      // The model is checked, not trusted: a rewritten body (a fault, a test) is written afresh.
      if (row != null && row.status.equals(status)) {
        return row.bytes;
      }
    }
    return write(status);
  }

  /** Written by hand in Jackson's form, or by Jackson when the model has more than it knows. */
  static byte[] write(RpcStatus status) {
    if (!plain(status)) {
      return Json.write(status).getBytes(StandardCharsets.UTF_8);
    }
    StringBuilder json = new StringBuilder(128);
    json.append("{\"code\":").append(status.getCode().intValue()).append(",\"message\":");
    string(json, status.getMessage());
    if (status.getDetails() != null) {
      json.append(",\"details\":[");
      for (int i = 0; i < status.getDetails().size(); i++) {
        if (i > 0) {
          json.append(',');
        }
        detail(json, status.getDetails().get(i));
      }
      json.append(']');
    }
    return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
  }

  // Only what the error table makes: the required fields present (Jackson writes a missing one as
  // null), no extra properties, no null element in the details.
  static boolean plain(RpcStatus status) {
    if (status.getCode() == null || status.getMessage() == null) {
      return false;
    }
    if (status.getDetails() == null) {
      return true;
    }
    for (ProtobufAny detail : status.getDetails()) {
      if (detail == null
          || detail.getAtType() == null
          || (detail.getAdditionalProperties() != null
              && !detail.getAdditionalProperties().isEmpty())) {
        return false;
      }
    }
    return true;
  }

  // "@type" is required (always written); id and message only when present.
  private static void detail(StringBuilder json, ProtobufAny detail) {
    json.append("{\"@type\":");
    string(json, detail.getAtType());
    if (detail.getId() != null) {
      json.append(",\"id\":");
      string(json, detail.getId());
    }
    if (detail.getMessage() != null) {
      json.append(",\"message\":");
      string(json, detail.getMessage());
    }
    json.append('}');
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  // Jackson's default escaping: quote, backslash, and the control characters (short forms for
  // \b \t \n \f \r, else backslash-u with upper-case hex); everything else as it is.
  private static void string(StringBuilder json, String text) {
    json.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\b' -> json.append("\\b");
        case '\t' -> json.append("\\t");
        case '\n' -> json.append("\\n");
        case '\f' -> json.append("\\f");
        case '\r' -> json.append("\\r");
        default -> {
          if (c < 0x20) {
            json.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }
}
