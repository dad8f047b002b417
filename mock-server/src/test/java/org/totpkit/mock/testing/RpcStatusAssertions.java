package org.totpkit.mock.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The error shape of contract/v3alpha.md section 3: {@code google.rpc.Status} as JSON. */
public final class RpcStatusAssertions {
  public static final String ERROR_DETAIL_TYPE = "type.googleapis.com/zitadel.v1.ErrorDetail";

  // grpc-gateway's HTTPStatusFromCode for the codes a client can cause; 12 is 405 on routing.
  private static final java.util.Map<Integer, Integer> HTTP_STATUS_OF =
      java.util.Map.of(3, 400, 5, 404, 7, 403, 8, 429, 9, 400, 12, 405, 16, 401);

  private RpcStatusAssertions() {}

  /** A validation, auth or routing error: code and message, no {@code details}. */
  public static void assertPlainError(Reply reply, int status, int code, String message) {
    assertPlainError(reply, status, code);
    assertThat(reply.text("message")).as("message of %s", reply).isEqualTo(message);
  }

  /** As above, for rows whose message is not fixed by the contract (decode errors, "not found"). */
  public static void assertPlainError(Reply reply, int status, int code) {
    assertRpcStatus(reply, status, code);
    assertThat(reply.json().has("details")).as("plain errors omit details: %s", reply).isFalse();
    assertThat(reply.text("message")).as("message of %s", reply).isNotBlank();
  }

  /**
   * An error that has an ID (rows 5, 6 and 9 to 14): exactly one {@code zitadel.v1.ErrorDetail},
   * message "text (ID)".
   */
  public static void assertDomainError(Reply reply, int status, int code, String id, String text) {
    assertRpcStatus(reply, status, code);
    assertThat(reply.text("message")).as("message of %s", reply).isEqualTo(text + " (" + id + ")");
    JsonNode details = reply.json().get("details");
    assertThat(details).as("details of %s", reply).isNotNull();
    assertThat(details.isArray() && details.size() == 1).as("one detail in %s", reply).isTrue();
    JsonNode detail = details.get(0);
    assertThat(detail.path("@type").asText()).isEqualTo(ERROR_DETAIL_TYPE);
    assertThat(detail.path("id").asText()).isEqualTo(id);
    assertThat(detail.path("message").asText()).isEqualTo(text);
  }

  /** Row 14 of the error table: a well-formed code that is not the right one. */
  public static void assertInvalidCode(Reply reply) {
    assertDomainError(reply, 400, 3, "EVENT-8isk2", "Invalid code");
  }

  /**
   * Status, JSON content type, and a body with an integer {@code code} and a string {@code
   * message}.
   */
  public static void assertRpcStatus(Reply reply, int status, int code) {
    assertThat(reply.status()).as("status of %s", reply).isEqualTo(status);
    assertThat(mediaType(reply)).as("Content-Type of %s", reply).isEqualTo("application/json");
    JsonNode body = reply.json();
    assertThat(body.isObject()).as("body of %s", reply).isTrue();
    assertThat(body.path("code").isInt()).as("integer code in %s", reply).isTrue();
    assertThat(body.path("code").asInt()).as("code of %s", reply).isEqualTo(code);
    assertThat(body.path("message").isTextual()).as("string message in %s", reply).isTrue();
    List<String> fields = new ArrayList<>();
    body.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).as("fields of %s", reply).isSubsetOf("code", "message", "details");
  }

  /** Any 4xx in the rpcStatus shape, whatever the row; details, when present, well formed. */
  public static void assertClientErrorShape(Reply reply) {
    assertThat(reply.status()).as("status of %s", reply).isBetween(400, 499);
    assertRpcStatus(reply, reply.status(), reply.json().path("code").asInt());
    int code = reply.json().path("code").asInt();
    assertThat(HTTP_STATUS_OF.get(code))
        .as("HTTP status for gRPC code of %s", reply)
        .isEqualTo(reply.status());
    JsonNode details = reply.json().get("details");
    if (details != null) {
      assertThat(details.isArray()).isTrue();
      for (JsonNode detail : details) {
        assertThat(detail.path("@type").asText()).isEqualTo(ERROR_DETAIL_TYPE);
        assertThat(detail.path("id").asText()).isNotBlank();
        assertThat(reply.text("message"))
            .isEqualTo(detail.path("message").asText() + " (" + detail.path("id").asText() + ")");
      }
    }
  }

  public static String mediaType(Reply reply) {
    return reply.header("Content-Type").map(v -> v.split(";")[0].trim()).orElse("");
  }
}
