package org.totpkit.mock.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.jetty.server.Request;

/**
 * Requests answered as soon as their whole body has arrived ({@link WholeBodyFirst}), before
 * WireMock's handlers, its servlet context and the filters (plain Connect calls): every request not
 * claimed goes on to them as before.
 */
public interface RequestClaims {
  /**
   * Answers the request here and returns true, or returns false, having neither read nor written
   * anything, to leave it to the servlet path.
   *
   * @param base Jetty's request (its fields, method and URI)
   * @param request the request with its arrived body
   */
  boolean answered(Request base, HttpServletRequest request, HttpServletResponse response)
      throws IOException;
}
