package org.totpkit.mock.http;

import com.github.tomakehurst.wiremock.common.RequestCache;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.jetty.JettyHttpUtils;
import com.github.tomakehurst.wiremock.jetty11.Jetty11HttpUtils;
import com.github.tomakehurst.wiremock.servlet.WireMockHttpServletRequestAdapter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.totpkit.mock.journal.RedactedJournalStore;
import org.totpkit.mock.stubs.StubsFirst;

/**
 * The REST contract answered in front of WireMock's stub handler. A request that no registered stub
 * can match (most of them: none at all while no stub is registered) gets the same answer {@link
 * TotpApi} would give from inside WireMock, written straight to the servlet response, and its
 * redacted journal entry; only a request a stub matches goes on to WireMock, so stubs still win.
 *
 * <p>Why: WireMock's handler builds a logged request, a serve event, a response definition and a
 * response for every request, and the journal redacted the event twice (when it was added and when
 * it completed). That was most of the REST verify path's time; the contract's own work is about a
 * tenth of it. It runs after the {@link RequestGate}, so the gate's refusals and its view of the
 * body are unchanged.
 *
 * <p>Which requests a stub may match is asked first of the stubs' index ({@link
 * StubsFirst#mayMatch}) on the method and URL read from the servlet request: a request no stub can
 * reach is answered from a {@link ServletRequestView}, without WireMock's request adapter or its
 * matchers; only one a stub may reach gets WireMock's view and the full check.
 */
public final class RestFront implements Filter {
  private static final JettyHttpUtils JETTY = new Jetty11HttpUtils();

  private final TotpApi api;
  private final StubsFirst stubs;
  private final RedactedJournalStore journal;

  /**
   * @param api the contract's REST answers
   * @param stubs the registered stubs: which may match a request, and whether one does (then
   *     WireMock serves it)
   * @param journal where the redacted entry of each answer goes
   */
  public RestFront(TotpApi api, StubsFirst stubs, RedactedJournalStore journal) {
    this.api = api;
    this.stubs = stubs;
    this.journal = journal;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    RequestMethod method = ServletRequestView.methodOf(http);
    String url = ServletRequestView.urlOf(http);
    Request view;
    ApiResponse answer;
    if (!stubs.mayMatch(method, url)) {
      // No stub can reach it (no stub at all, or none on this method and URL): the contract's.
      view = new ServletRequestView(http, method, url);
      answer = api.answer(view);
    } else {
      // The same view of the request WireMock's stub handler would give the extensions.
      view = new WireMockHttpServletRequestAdapter(http, null, null, false, JETTY);
      try {
        if (stubs.anyStubMatches(view)) {
          // WireMock serves it, from the start (it makes its own view of the request).
          RequestCache.onRequestEnd();
          chain.doFilter(request, response);
          return;
        }
        answer = api.answer(view);
      } finally {
        // WireMock's matchers cache per thread what they parse of a request; this one is done.
        RequestCache.onRequestEnd();
      }
    }
    byte[] body = Rendering.bytes(answer);
    // Journaled before it is sent, as WireMock does: a client that has its answer finds the entry.
    journal.recordContractAnswer(
        view,
        arrivedAt(http),
        answer.status(),
        Rendering.headers(answer),
        body,
        Rendering.holdsNoSecret(answer));
    Rendering.write(answer, body, (HttpServletResponse) response);
  }

  // Jetty stamps every request with the time it arrived; the journal shows it, as WireMock's does.
  private static long arrivedAt(HttpServletRequest http) {
    org.eclipse.jetty.server.Request base = org.eclipse.jetty.server.Request.getBaseRequest(http);
    return base == null ? 0 : base.getTimeStamp();
  }
}
