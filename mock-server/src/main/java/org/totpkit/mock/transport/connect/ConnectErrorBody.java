package org.totpkit.mock.transport.connect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.totpkit.mock.contract.ContractError;
import org.totpkit.mock.http.Json;
import org.totpkit.mock.transport.rpc.RpcStatusCodec;

/**
 * A Connect error body (connectrpc.com/docs/protocol, "Error end-of-stream"): {@code code} as
 * Connect's name of the gRPC code, {@code message}, and for an error with an ID one detail, the
 * {@code zitadel.v1.ErrorDetail} as {@code type} and unpadded base64 {@code value}.
 *
 * <p>The errors with an ID are the contract's rows, fixed texts: each is rendered once (by Jackson,
 * as every body was before) and its bytes shared by every later answer, as {@link RpcStatusCodec}
 * keeps their gRPC trailers. The key is the whole error (code, message, detail), so an error a
 * finisher rewrote is another key and is rendered afresh; row 13's seconds are not part of the body
 * (they go in {@code Retry-After}) and not part of the key. The bound only guards against a row
 * that would one day quote the request; past it, bodies are rendered per answer. An error without
 * an ID (an RPC-only row, which may quote a method or an encoding) is rendered per answer.
 */
final class ConnectErrorBody {
  static final String DETAIL_TYPE = "zitadel.v1.ErrorDetail";

  private static final int RENDERED_AT_MOST = 256;
  private static final Map<Row, byte[]> RENDERED = new ConcurrentHashMap<>();

  private ConnectErrorBody() {}

  /** The body's bytes; shared for an error with an ID, so never to be changed by the caller. */
  static byte[] bytes(ContractError error) {
    if (error.detail().isEmpty()) {
      return render(error);
    }
    Row row = new Row(error);
    byte[] fixed = RENDERED.get(row);
    if (fixed == null) {
      fixed =
          render(
              error.retryAfterSeconds().isPresent()
                  ? new ContractError(
                      error.code(), error.message(), error.detail(), OptionalLong.empty())
                  : error);
      if (RENDERED.size() < RENDERED_AT_MOST) {
        RENDERED.putIfAbsent(row, fixed);
      }
    }
    return fixed;
  }

  /**
   * What the body of an error with an ID depends on: its code, message and detail (not row 13's
   * seconds). Compared field by field: the record's own hashCode and equals go through method
   * handles (ObjectMethods) over the nested Optional and Detail, which showed in the profile of
   * every Connect error.
   */
  private static final class Row {
    private final ContractError error;
    private final ContractError.Detail detail;

    Row(ContractError error) {
      this.error = error;
      this.detail = error.detail().orElseThrow();
    }

    @Override
    public int hashCode() {
      return (error.code().hashCode() * 31 + error.message().hashCode()) * 31
          + detail.id().hashCode();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Row row
          && error.code() == row.error.code()
          && error.message().equals(row.error.message())
          && detail.id().equals(row.detail.id())
          && detail.message().equals(row.detail.message());
    }
  }

  /** Rendered now, by Jackson. */
  static byte[] render(ContractError error) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("code", error.code().connectName);
    body.put("message", error.message());
    error
        .detail()
        .ifPresent(
            detail -> {
              ArrayNode details = body.putArray("details");
              ObjectNode any = details.addObject();
              any.put("type", DETAIL_TYPE);
              any.put(
                  "value",
                  Base64.getEncoder()
                      .withoutPadding()
                      .encodeToString(RpcStatusCodec.detailOf(detail).toByteArray()));
            });
    try {
      return Json.MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException cannotHappen) {
      throw new UncheckedIOException(cannotHappen);
    }
  }
}
