package org.totpkit.mock.http;

import com.github.tomakehurst.wiremock.http.RequestMethod;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;
import org.totpkit.mock.contract.ErrorTable;

/**
 * A servlet filter in front of WireMock for what WireMock itself fails on with a 500, or misreads,
 * before any extension sees the request. A method WireMock would misread (CONNECT, or one not in
 * upper case) is answered here, as the wrong method it is. A query with a malformed percent-escape
 * is answered as the client error it is (400, code 3, like grpc-gateway's failed query parsing;
 * unknown routes and wrong methods still answer first). {@code Content-Encoding} and {@code
 * Content-Type} are hidden, so that every body is read as what the API and the hooks take, UTF-8
 * JSON, whatever the headers claim: WireMock would otherwise fail on an unknown or malformed
 * charset, or parse a body sent as {@code application/x-www-form-urlencoded} (curl's default for
 * {@code -d}) as a form and fail on its first {@code %}. A body that is not what the headers claim
 * is just an undecodable body.
 */
public final class RequestGate implements Filter {
  /**
   * The largest body read by default ({@code --max-request-body-bytes}). Every body of the API and
   * the hooks is a few hundred bytes; WireMock would otherwise hold any body, however large, in
   * memory.
   */
  static final int MAX_BODY_BYTES = 64 * 1024;

  private final boolean apiRoutes;
  private final IntSupplier maxBody;

  /**
   * @param apiRoutes whether this guards the TOTP API (else the admin hooks)
   * @param maxBody the largest body read; a larger one is refused
   */
  RequestGate(boolean apiRoutes, IntSupplier maxBody) {
    this.apiRoutes = apiRoutes;
    this.maxBody = maxBody;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    // WireMock's recorder and Swagger pages are served beside its admin API: not here.
    if (!apiRoutes && isWireMockUi(http.getRequestURI())) {
      Rendering.write(Rendering.error(ErrorTable.noRoute()), (HttpServletResponse) response);
      return;
    }
    if (isMisreadByWireMock(http.getMethod())) {
      // Jetty keeps a CONNECT's connection open for a tunnel; there is none.
      ((HttpServletResponse) response).setHeader("Connection", "close");
      Rendering.write(unservedMethod(http), (HttpServletResponse) response);
      return;
    }
    if (hasMalformedEscape(http.getQueryString())) {
      Rendering.write(refusal(http), (HttpServletResponse) response);
      return;
    }
    int maxBodyBytes = maxBody.getAsInt();
    if (http.getContentLengthLong() > maxBodyBytes) {
      refuseLargeBody((HttpServletResponse) response, maxBodyBytes);
      return;
    }
    // A chunked body has no length up front: read at most one byte past the limit to know. A body
    // with a length (at most the limit, checked above) is read as long as it is: no buffer the size
    // of the limit for a verify's eight bytes.
    long declared = http.getContentLengthLong();
    byte[] body;
    try {
      body =
          declared >= 0
              ? http.getInputStream().readNBytes((int) declared)
              : readUndeclared(http.getInputStream(), maxBodyBytes + 1);
    } catch (IOException brokenFraming) {
      refuseBrokenFraming((HttpServletResponse) response);
      return;
    }
    if (body.length > maxBodyBytes) {
      refuseLargeBody((HttpServletResponse) response, maxBodyBytes);
      return;
    }
    chain.doFilter(new WithoutContentHeaders(http, body), response);
  }

  private static final byte[] NO_BODY = new byte[0];

  /**
   * A body without a declared length (chunked, or none at all: a start sends no body), at most
   * {@code limit} bytes. {@code readNBytes} would take an 8 KB buffer for it first, the largest
   * single allocation of a start request; here the first buffer is what has already arrived ({@link
   * WholeBodyFirst} holds the whole body before the gate runs), and an empty body costs nothing.
   */
  static byte[] readUndeclared(InputStream in, int limit) throws IOException {
    int first = in.read();
    if (first < 0) {
      return NO_BODY;
    }
    byte[] buffer = new byte[Math.min(limit, Math.max(64, in.available() + 1))];
    buffer[0] = (byte) first;
    int length = 1;
    while (length < limit) {
      if (length == buffer.length) {
        buffer = Arrays.copyOf(buffer, (int) Math.min(limit, 2L * buffer.length));
      }
      int read = in.read(buffer, length, buffer.length - length);
      if (read < 0) {
        break;
      }
      length += read;
    }
    return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
  }

  /**
   * Jetty's parser fails the read on a bad chunk size or a body cut short; left to Jetty, that is a
   * 500. Like a bad request line, it is answered before routing, on every transport.
   */
  public static void refuseBrokenFraming(HttpServletResponse response) throws IOException {
    refuse(Rendering.error(ErrorTable.undecodable("request body framing is malformed")), response);
  }

  private static void refuseLargeBody(HttpServletResponse response, int maxBodyBytes)
      throws IOException {
    refuse(Rendering.error(ErrorTable.bodyTooLarge(maxBodyBytes)), response);
  }

  // The rest of the body is not read, so the connection cannot carry another request.
  private static void refuse(ApiResponse answer, ServletResponse response) throws IOException {
    ((HttpServletResponse) response).setHeader("Connection", "close");
    Rendering.write(answer, (HttpServletResponse) response);
  }

  private ApiResponse refusal(HttpServletRequest http) {
    String reason = "invalid query: malformed percent-escape";
    if (!apiRoutes) {
      return Rendering.error(ErrorTable.badHookRequest(reason));
    }
    Route.Match match =
        Route.resolve(RequestMethod.fromString(http.getMethod()), http.getRequestURI());
    if (match instanceof Route.WrongMethod wrong) {
      return Rendering.wrongMethod(wrong.route().method.getName());
    }
    return match instanceof Route.Matched
        ? Rendering.error(ErrorTable.undecodable(reason))
        : Rendering.error(ErrorTable.noRoute());
  }

  private static boolean isWireMockUi(String uri) {
    return uri.startsWith("/__admin/recorder") || uri.startsWith("/__admin/swagger-ui");
  }

  // WireMock upper-cases the method ("post" would be served as POST, though methods are
  // case-sensitive) and answers CONNECT with an empty 200 itself.
  static boolean isMisreadByWireMock(String method) {
    return method.equals("CONNECT") || !method.equals(method.toUpperCase(Locale.ROOT));
  }

  // No route is served with such a method: 405 on a known API path, else 404.
  private ApiResponse unservedMethod(HttpServletRequest http) {
    if (!apiRoutes) {
      return Rendering.error(ErrorTable.noRoute());
    }
    Route.Match match =
        Route.resolve(RequestMethod.fromString(http.getMethod()), http.getRequestURI());
    return match instanceof Route.WrongMethod wrong
        ? Rendering.wrongMethod(wrong.route().method.getName())
        : Rendering.error(ErrorTable.noRoute());
  }

  // URLDecoder, which WireMock uses on the query, throws on '%' without two hex digits.
  static boolean hasMalformedEscape(String query) {
    if (query == null) {
      return false;
    }
    for (int i = query.indexOf('%'); i >= 0; i = query.indexOf('%', i + 1)) {
      if (i + 2 >= query.length()) {
        return true;
      }
      if (Character.digit(query.charAt(i + 1), 16) < 0
          || Character.digit(query.charAt(i + 2), 16) < 0) {
        return true;
      }
    }
    return false;
  }

  /** Whether the gate hides a header of this name (without a lower-cased copy of every name). */
  static boolean hides(String name) {
    return name != null
        && (name.equalsIgnoreCase("content-type") || name.equalsIgnoreCase("content-encoding"));
  }

  /** The body the gate read for this request (after the gate), or null when it has not read one. */
  static byte[] bodyOf(ServletRequest request) {
    return request instanceof WithoutContentHeaders gated ? gated.body : null;
  }

  /** The request with its content headers hidden and its body, already read, served from memory. */
  private static final class WithoutContentHeaders extends HttpServletRequestWrapper {
    private final byte[] body;

    WithoutContentHeaders(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
          return in.read(buffer, offset, length);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException("the body is already read");
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(
          new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }

    private static boolean hidden(String name) {
      return hides(name);
    }

    @Override
    public String getHeader(String name) {
      return hidden(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      return hidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
      List<String> names = new ArrayList<>();
      for (Enumeration<String> all = super.getHeaderNames(); all.hasMoreElements(); ) {
        String name = all.nextElement();
        if (!hidden(name)) {
          names.add(name);
        }
      }
      return Collections.enumeration(names);
    }

    @Override
    public String getContentType() {
      return null;
    }

    @Override
    public String getCharacterEncoding() {
      return null;
    }
  }
}
