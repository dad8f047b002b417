package org.totpkit.mock.http;

import com.github.tomakehurst.wiremock.common.RequestCache;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.jetty.JettyHttpUtils;
import com.github.tomakehurst.wiremock.jetty11.Jetty11HttpUtils;
import com.github.tomakehurst.wiremock.servlet.WireMockHttpServletRequestAdapter;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.totpkit.mock.journal.RedactedJournalStore;
import org.totpkit.mock.stubs.StubsFirst;
import org.totpkit.mock.totp.HeldCommit;

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
 *
 * <p>On PostgreSQL a verify's write goes in a group commit ({@code CheckedWrites}): a POST runs
 * with a {@link HeldCommit} offered, and when the store holds its write the answer is sent once it
 * commits ({@code AsyncContext}, on one of Jetty's threads), so no Jetty thread waits for the
 * database.
 */
public final class RestFront implements Filter {
  private static final JettyHttpUtils JETTY = new Jetty11HttpUtils();

  private final TotpApi api;
  private final StubsFirst stubs;
  private final RedactedJournalStore journal;
  private final Duration heldTimeout;

  /**
   * An answer's longest wait for its write's commit: well past the time a statement waits for one
   * of the pool's connections before it fails (then the answer is the store's failure anyway).
   */
  public static final Duration HELD_TIMEOUT = Duration.ofSeconds(30);

  /**
   * @param api the contract's REST answers
   * @param stubs the registered stubs: which may match a request, and whether one does (then
   *     WireMock serves it)
   * @param journal where the redacted entry of each answer goes
   * @param heldTimeout how long an answer waits for its write's commit before it is answered as a
   *     failure; null when the store never holds a write (then no answer waits)
   */
  public RestFront(
      TotpApi api, StubsFirst stubs, RedactedJournalStore journal, Duration heldTimeout) {
    this.api = api;
    this.stubs = stubs;
    this.journal = journal;
    this.heldTimeout = heldTimeout;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    RequestMethod method = ServletRequestView.methodOf(http);
    String url = ServletRequestView.urlOf(http);
    // A POST (a verify) may be answered once its write commits, with no thread waiting for it.
    HeldCommit held =
        heldTimeout != null && method == RequestMethod.POST && http.isAsyncSupported()
            ? new HeldCommit()
            : null;
    Request view;
    ApiResponse answer;
    if (!stubs.mayMatch(method, url)) {
      // No stub can reach it (no stub at all, or none on this method and URL): the contract's.
      view = new ServletRequestView(http, method, url);
      answer = answer(view, held);
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
        answer = answer(view, held);
      } finally {
        // WireMock's matchers cache per thread what they parse of a request; this one is done.
        RequestCache.onRequestEnd();
      }
    }
    if (held != null && held.holds()) {
      answerWhenCommitted(http, (HttpServletResponse) response, view, answer, held);
      return;
    }
    send(http, (HttpServletResponse) response, view, answer);
  }

  private ApiResponse answer(Request view, HeldCommit held) {
    return held == null ? api.answer(view) : held.run(() -> api.answer(view));
  }

  private void send(
      HttpServletRequest http, HttpServletResponse response, Request view, ApiResponse answer)
      throws IOException {
    byte[] body = Rendering.bytes(answer);
    // Journaled before it is sent, as WireMock does: a client that has its answer finds the entry.
    journal.recordContractAnswer(
        view,
        arrivedAt(http),
        answer.status(),
        Rendering.headers(answer),
        body,
        Rendering.holdsNoSecret(answer));
    Rendering.write(answer, body, response);
  }

  /**
   * The request's answer waits for its write's commit, and Jetty's thread goes back to work: once
   * the write commits, one of Jetty's threads sends it (journaled first, as always); a write that
   * was not written is decided again as a plain request on one of Jetty's threads; a database
   * failure is answered as any request's; no commit within the time limit is answered as a failure
   * (and a later commit sends nothing). A client gone meanwhile gets nothing; its write still
   * counts.
   */
  private void answerWhenCommitted(
      HttpServletRequest http,
      HttpServletResponse response,
      Request view,
      ApiResponse decided,
      HeldCommit held) {
    AsyncContext async = http.startAsync();
    async.setTimeout(heldTimeout.toMillis());
    AtomicBoolean answered = new AtomicBoolean();
    async.addListener(
        new AsyncListener() {
          @Override
          public void onTimeout(AsyncEvent event) {
            String why = "no commit of the answer's write within " + heldTimeout;
            finish(
                http,
                response,
                async,
                view,
                api.failed(view, new IllegalStateException(why)),
                answered);
          }

          @Override
          public void onError(AsyncEvent event) {
            // The client is gone (or the connection failed): nothing to send it.
            if (answered.compareAndSet(false, true)) {
              completeQuietly(async);
            }
          }

          @Override
          public void onComplete(AsyncEvent event) {}

          @Override
          public void onStartAsync(AsyncEvent event) {}
        });
    held.whenCommitted(
        commit -> {
          // The answer is written on one of Jetty's threads, never the committer's: a client that
          // reads no answer (a full socket, an HTTP/2 window of 0) blocks its write until the
          // idle timeout, and on a committer that would hold up every other batch behind it.
          switch (commit.commit()) {
            case WRITTEN ->
                onJettyThread(async, () -> finish(http, response, async, view, decided, answered));
            case FAILED ->
                onJettyThread(
                    async,
                    () ->
                        finish(
                            http,
                            response,
                            async,
                            view,
                            api.failed(view, commit.failure()),
                            answered));
            case NOT_WRITTEN ->
                // The registration changed meanwhile: decided again, as a plain request would be.
                async.start(
                    () -> {
                      ApiResponse again;
                      try {
                        again = api.answer(view);
                      } finally {
                        RequestCache.onRequestEnd();
                      }
                      finish(http, response, async, view, again, answered);
                    });
          }
        });
  }

  private static void onJettyThread(AsyncContext async, Runnable work) {
    try {
      async.start(work);
    } catch (IllegalStateException ended) {
      // Already answered (the time limit) or the connection failed: nothing left to send.
    }
  }

  private void finish(
      HttpServletRequest http,
      HttpServletResponse response,
      AsyncContext async,
      Request view,
      ApiResponse answer,
      AtomicBoolean answered) {
    if (!answered.compareAndSet(false, true)) {
      return;
    }
    try {
      send(http, response, view, answer);
    } catch (IOException | RuntimeException gone) {
      // The client went away before its answer: nothing more to send it.
    } finally {
      completeQuietly(async);
    }
  }

  private static void completeQuietly(AsyncContext async) {
    try {
      async.complete();
    } catch (IllegalStateException alreadyEnded) {
      // Jetty ended the exchange itself (the connection failed): nothing left to complete.
    }
  }

  // Jetty stamps every request with the time it arrived; the journal shows it, as WireMock's does.
  private static long arrivedAt(HttpServletRequest http) {
    org.eclipse.jetty.server.Request base = org.eclipse.jetty.server.Request.getBaseRequest(http);
    return base == null ? 0 : base.getTimeStamp();
  }
}
