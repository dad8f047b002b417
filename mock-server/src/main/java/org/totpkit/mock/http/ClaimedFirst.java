package org.totpkit.mock.http;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;

/**
 * Between {@link WholeBodyFirst} and WireMock's handlers: a request the {@link RequestClaims}
 * answer is done here, any other goes on. Only requests (not error or async dispatches) are
 * offered.
 */
final class ClaimedFirst extends HandlerWrapper {
  private final RequestClaims claims;

  ClaimedFirst(RequestClaims claims) {
    this.claims = claims;
  }

  @Override
  public void handle(
      String target, Request base, HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    if (base.getDispatcherType() == DispatcherType.REQUEST
        && claims.answered(base, request, response)) {
      base.setHandled(true);
      return;
    }
    super.handle(target, base, request, response);
  }
}
