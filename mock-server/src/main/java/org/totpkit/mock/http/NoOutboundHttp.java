package org.totpkit.mock.http;

import com.github.tomakehurst.wiremock.core.Options;
import com.github.tomakehurst.wiremock.http.client.HttpClient;
import com.github.tomakehurst.wiremock.http.client.HttpClientFactory;
import java.io.IOException;
import java.util.List;

/**
 * The reference server never proxies, so it needs no outbound HTTP client. WireMock would build an
 * Apache client with a TLS context (and read the JDK's trust store) at every start, about a sixth
 * of the start-up time (docs/performance.md); this factory builds none.
 */
public final class NoOutboundHttp implements HttpClientFactory {
  @Override
  public HttpClient buildHttpClient(
      Options options,
      boolean trustAllCertificates,
      List<String> trustedHosts,
      boolean useSystemProperties) {
    return request -> {
      throw new IOException("the reference server makes no outbound requests");
    };
  }
}
