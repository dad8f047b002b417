package org.totpkit.mock.hooks;

import com.github.tomakehurst.wiremock.core.Version;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;

/**
 * {@code GET /__admin/health}, answered in the admin context's filter chain (after the browser
 * rules and the request gate) with WireMock's own body, instead of through WireMock's admin
 * routing. A monitor's first request is a start's last step: answered here, it needs none of
 * WireMock's request adaptation, admin router or JSON mapping, whose classes then load on the first
 * real admin call. The port opens only once every part of the server is built, so a request that
 * reaches this filter is served by a whole server. Any other method or path (a HEAD, {@code
 * /health/}) goes on to WireMock's routing and gets the answer it always had.
 */
public final class HealthCheck implements Filter {
  static final String PATH = "/__admin/health";

  private final InstantSource realTime;
  private final String version = Version.getCurrentVersion();

  /**
   * @param realTime the real time (not the virtual clock's): a monitor's timestamp, as WireMock's
   */
  public HealthCheck(InstantSource realTime) {
    this.realTime = realTime;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    if (!"GET".equals(http.getMethod()) || !PATH.equals(http.getRequestURI())) {
      chain.doFilter(request, response);
      return;
    }
    byte[] body = body().getBytes(StandardCharsets.UTF_8);
    HttpServletResponse out = (HttpServletResponse) response;
    out.setStatus(HttpServletResponse.SC_OK);
    out.setContentType("application/json");
    out.setContentLength(body.length);
    out.getOutputStream().write(body);
  }

  /** WireMock's HealthCheckResult as its admin API prints it (pretty, in the same field order). */
  String body() {
    return "{\n"
        + "  \"status\" : \"healthy\",\n"
        + "  \"message\" : \"Wiremock is ok\",\n"
        + "  \"version\" : \""
        + version
        + "\",\n"
        + "  \"uptimeInSeconds\" : "
        + ManagementFactory.getRuntimeMXBean().getUptime() / 1000
        + ",\n"
        + "  \"timestamp\" : \""
        + realTime.instant()
        + "\"\n"
        + "}";
  }
}
