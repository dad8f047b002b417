package org.totpkit.mock.http;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server installs {@link ClaimedFirst} for an RPC filter that also claims requests (as the RPC
 * filter does for plain Connect calls): a claimed request is answered, with its whole body in hand,
 * before WireMock's handlers and every servlet filter; a request the claims leave goes the servlet
 * way, to the same filter's {@code doFilter}, as before. Through HTTP, on the server's own factory.
 */
class ClaimedFirstHttpTest {
  private static final String CLAIMED = "/claimed.Service/Method";

  /** Claims POSTs to {@link #CLAIMED}; answers anything else as a servlet filter. */
  static final class ClaimingFilter implements Filter, RequestClaims {
    final AtomicInteger claimsAsked = new AtomicInteger();
    final AtomicInteger filtered = new AtomicInteger();

    @Override
    public boolean answered(Request base, HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      claimsAsked.incrementAndGet();
      if (!"POST".equals(base.getMethod()) || !CLAIMED.equals(base.getRequestURI())) {
        return false;
      }
      byte[] body = request.getInputStream().readAllBytes();
      answer(response, "claimed " + body.length + " bytes, first " + body[0]);
      return true;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException {
      filtered.incrementAndGet();
      answer((HttpServletResponse) response, "through the servlet filters");
    }

    private static void answer(HttpServletResponse response, String text) throws IOException {
      byte[] body = text.getBytes(StandardCharsets.UTF_8);
      response.setStatus(200);
      response.setContentType("text/plain");
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
    }
  }

  private final ClaimingFilter rpc = new ClaimingFilter();
  private final HttpClient client = HttpClient.newHttpClient();
  private WireMockServer server;

  @BeforeEach
  void start() {
    server =
        new WireMockServer(
            options().dynamicPort().httpServerFactory(ContractHttpServer.factory(64 * 1024, rpc)));
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void aClaimedRequestIsAnsweredBeforeTheServletFiltersWithItsWholeBody() throws Exception {
    byte[] body = new byte[40_000];
    Arrays.fill(body, (byte) 7);

    HttpResponse<String> answer = post(CLAIMED, body);

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("claimed 40000 bytes, first 7");
    assertThat(rpc.claimsAsked).hasValue(1);
    assertThat(rpc.filtered).as("the servlet filters never saw the claimed request").hasValue(0);
  }

  @Test
  void aRequestTheClaimsLeaveGoesTheServletWay() throws Exception {
    HttpResponse<String> other = post("/other.Service/Method", new byte[] {1, 2, 3});
    HttpResponse<String> get =
        client.send(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + CLAIMED)).GET().build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(other.body()).isEqualTo("through the servlet filters");
    assertThat(get.body()).isEqualTo("through the servlet filters");
    assertThat(rpc.claimsAsked).hasValue(2);
    assertThat(rpc.filtered).hasValue(2);
  }

  private HttpResponse<String> post(String path, byte[] body) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
            .header("Content-Type", "application/proto")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
