package org.totpkit.mock.http;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.totpkit.contract.api.model.ProtobufAny;
import org.totpkit.contract.api.model.RpcStatus;
import org.totpkit.mock.contract.ContractError;
import org.totpkit.mock.contract.ErrorTable;
import org.totpkit.mock.contract.StatusCode;

/**
 * REST's rendering of the contract: a {@link ContractError} as grpc-gateway writes a {@code
 * google.rpc.Status}, and an {@link ApiResponse} as WireMock's response with its body as JSON.
 */
public final class Rendering {
  static final String JSON = "application/json";
  static final String ERROR_DETAIL_TYPE = "type.googleapis.com/zitadel.v1.ErrorDetail";

  private Rendering() {}

  /** The status follows from the code; 401 names its message in {@code WWW-Authenticate}. */
  public static ApiResponse error(ContractError error) {
    ApiResponse response = new ApiResponse(error.code().httpStatus(), Map.of(), status(error));
    if (error.code() == StatusCode.UNAUTHENTICATED) {
      response = response.withHeader("WWW-Authenticate", error.message());
    }
    if (error.retryAfterSeconds().isPresent()) {
      response =
          response.withHeader("Retry-After", Long.toString(error.retryAfterSeconds().getAsLong()));
    }
    return response;
  }

  /** The error as grpc-gateway's {@code google.rpc.Status} body. */
  static RpcStatus status(ContractError error) {
    RpcStatus body = new RpcStatus().code(error.code().value).message(error.message());
    error
        .detail()
        .ifPresent(
            d ->
                body.details(
                    List.of(
                        new ProtobufAny()
                            .atType(ERROR_DETAIL_TYPE)
                            .id(d.id())
                            .message(d.message()))));
    return body;
  }

  /** Row 2: grpc-gateway's routing answers 405 with {@code Allow}, not the code's 501. */
  public static ApiResponse wrongMethod(String allowed) {
    return error(ErrorTable.wrongMethod()).withStatus(405).withHeader("Allow", allowed);
  }

  /** Writes an answer straight to a servlet response (below). */
  public static void write(ApiResponse answer, HttpServletResponse out) throws IOException {
    write(answer, bytes(answer), out);
  }

  /**
   * Writes an answer straight to a servlet response, as WireMock writes its response definition:
   * the status, JSON, the answer's own headers, the body's length and bytes.
   *
   * @param body {@link #bytes} of the answer
   */
  public static void write(ApiResponse answer, byte[] body, HttpServletResponse out)
      throws IOException {
    out.setStatus(answer.status());
    out.setContentType(JSON);
    answer.headers().forEach(out::setHeader);
    out.setContentLength(body.length);
    out.getOutputStream().write(body);
  }

  /** The body as the bytes sent: an error's without Jackson ({@link ErrorJson}). */
  static byte[] bytes(ApiResponse response) {
    if (response.body() instanceof RpcStatus status) {
      return ErrorJson.bytes(status);
    }
    return Json.write(response.body()).getBytes(StandardCharsets.UTF_8);
  }

  private static final Map<String, String> JSON_ONLY = Map.of("Content-Type", JSON);

  /**
   * Every header sent with the answer, by name, as the journal shows them: most answers have only
   * their content type, and share one map for it.
   */
  static Map<String, String> headers(ApiResponse response) {
    if (response.headers().isEmpty()) {
      return JSON_ONLY;
    }
    Map<String, String> all = new LinkedHashMap<>();
    all.put("Content-Type", JSON);
    all.putAll(response.headers());
    return all;
  }

  /**
   * Whether the answer's body cannot hold a secret-bearing field: an error body of the error
   * table's shape, whose fields are a number ({@code code}), a message and details ({@code @type},
   * {@code id}, {@code message}). The journal keeps such a body as it is, without a redaction pass.
   */
  static boolean holdsNoSecret(ApiResponse response) {
    return response.body() instanceof RpcStatus status && ErrorJson.plain(status);
  }

  public static ResponseDefinition toDefinition(ApiResponse response) {
    ResponseDefinitionBuilder builder =
        new ResponseDefinitionBuilder()
            .withStatus(response.status())
            .withHeader("Content-Type", JSON)
            // As text: WireMock keeps a byte body as binary, and its journal would show it so.
            .withBody(new String(bytes(response), StandardCharsets.UTF_8));
    response.headers().forEach(builder::withHeader);
    return builder.build();
  }
}
