package org.totpkit.mock.http;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

  /** The body as the bytes sent: an error's without Jackson ({@link ErrorJson}). */
  static byte[] bytes(ApiResponse response) {
    if (response.body() instanceof RpcStatus status) {
      return ErrorJson.bytes(status);
    }
    return Json.write(response.body()).getBytes(StandardCharsets.UTF_8);
  }

  /** Every header sent with the answer, as WireMock's journal shows them. */
  static HttpHeaders headers(ApiResponse response) {
    List<HttpHeader> all = new ArrayList<>(1 + response.headers().size());
    all.add(new HttpHeader("Content-Type", JSON));
    response.headers().forEach((name, value) -> all.add(new HttpHeader(name, value)));
    return new HttpHeaders(all);
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
