package org.totpkit.mock.http;

import java.time.Duration;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.frames.HeadersFrame;

/**
 * HTTP/2 streams answered on the stream itself, below the servlet layer (unary gRPC on the h2c
 * connector): every stream not claimed goes on to Jetty's servlet path and the filters as before.
 */
public interface StreamClaims {
  /**
   * The listener that answers this new stream, or null to leave it to the servlet path.
   *
   * @param frame the request's HEADERS
   * @param idleTimeout the connector's idle time
   */
  Stream.Listener claim(Stream stream, HeadersFrame frame, Duration idleTimeout);
}
