package org.totpkit.mock.http;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpChannelOverHttp;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Jetty's HTTP/1.1 connections, but a request Jetty's parser refuses with a 5xx (505 for a version
 * such as {@code HTTP/1.7}) is refused with 400: whatever a client sends is a client error
 * (contract/v3alpha.md section 3). The body is still {@link ContractErrorHandler}'s. Chunked bodies
 * are parsed by the {@link StrictChunkParser}, which refuses a chunk longer than its size at once.
 */
final class ClientErrorsOnly extends HttpConnectionFactory {
  private ClientErrorsOnly(HttpConnectionFactory replaced) {
    super(replaced.getHttpConfiguration());
    setRecordHttpComplianceViolations(replaced.isRecordHttpComplianceViolations());
    setUseInputDirectByteBuffers(replaced.isUseInputDirectByteBuffers());
    setUseOutputDirectByteBuffers(replaced.isUseOutputDirectByteBuffers());
  }

  /** Swaps the connector's plain HTTP/1.1 factory for this one, in the same place. */
  static void install(ServerConnector connector) {
    List<ConnectionFactory> factories = new ArrayList<>();
    for (ConnectionFactory factory : connector.getConnectionFactories()) {
      factories.add(
          factory.getClass() == HttpConnectionFactory.class
              ? new ClientErrorsOnly((HttpConnectionFactory) factory)
              : factory);
    }
    connector.setConnectionFactories(factories);
  }

  @Override
  public Connection newConnection(Connector connector, EndPoint endPoint) {
    HttpConnection connection =
        new HttpConnection(
            getHttpConfiguration(), connector, endPoint, isRecordHttpComplianceViolations()) {
          @Override
          protected HttpParser newHttpParser(HttpCompliance compliance) {
            HttpParser parser =
                new StrictChunkParser(
                    newRequestHandler(), getHttpConfiguration().getRequestHeaderSize(), compliance);
            parser.setHeaderCacheSize(getHttpConfiguration().getHeaderCacheSize());
            parser.setHeaderCacheCaseSensitive(getHttpConfiguration().isHeaderCacheCaseSensitive());
            return parser;
          }

          @Override
          protected HttpChannelOverHttp newHttpChannel() {
            return new HttpChannelOverHttp(
                this, getConnector(), getHttpConfiguration(), getEndPoint(), this) {
              @Override
              public void badMessage(BadMessageException failure) {
                super.badMessage(
                    failure.getCode() >= 500
                        ? new BadMessageException(
                            HttpStatus.BAD_REQUEST_400, failure.getReason(), failure)
                        : failure);
              }
            };
          }
        };
    connection.setUseInputDirectByteBuffers(isUseInputDirectByteBuffers());
    connection.setUseOutputDirectByteBuffers(isUseOutputDirectByteBuffers());
    return configure(connection, connector, endPoint);
  }
}
