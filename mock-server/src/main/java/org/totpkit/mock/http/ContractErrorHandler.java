package org.totpkit.mock.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.totpkit.contract.api.model.RpcStatus;

/**
 * Jetty's own answers (a request it cannot parse, an error no handler caught) in the contract's
 * rpcStatus shape instead of an HTML page, and never with a stack trace.
 */
final class ContractErrorHandler extends ErrorHandler {
  ContractErrorHandler() {
    setShowStacks(false);
    setShowServlet(false);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    return ByteBuffer.wrap(body(status).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  protected void generateAcceptableResponse(
      Request baseRequest,
      HttpServletRequest request,
      HttpServletResponse response,
      int status,
      String message)
      throws IOException {
    response.setContentType("application/json");
    response.getOutputStream().write(body(status).getBytes(StandardCharsets.UTF_8));
    baseRequest.setHandled(true);
  }

  // The message is the status's reason phrase: Jetty's own text may quote the request.
  private static String body(int status) {
    return Json.write(
        new RpcStatus().code(grpcCode(status)).message(HttpStatus.getMessage(status)));
  }

  // grpc-gateway's HTTPStatusFromCode, read backwards.
  private static int grpcCode(int status) {
    return switch (status) {
      case 401 -> 16;
      case 403 -> 7;
      case 404 -> 5;
      case 405, 501 -> 12;
      case 429 -> 8;
      default -> status >= 500 ? 13 : 3;
    };
  }
}
