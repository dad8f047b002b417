package org.totpkit.mock.http;

import com.github.tomakehurst.wiremock.common.Gzip;
import com.github.tomakehurst.wiremock.common.Urls;
import com.github.tomakehurst.wiremock.http.ContentTypeHeader;
import com.github.tomakehurst.wiremock.http.Cookie;
import com.github.tomakehurst.wiremock.http.FormParameter;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

/**
 * The request as WireMock's {@code Request}, read straight from the servlet request and only for
 * the parts asked: what the contract and the journal read of a REST request (method, URL, a few
 * headers, the body the gate already holds, the query when there is one). Each part means what
 * WireMock's own servlet adapter gives for it (the same URL, client address, header list, gzip
 * sniffing of the body), so an answer and its journal entry are the same whichever view made them.
 *
 * <p>Why not WireMock's adapter: it is built for stub matching (form parameters, multipart, the
 * query split up front, a memoizing supplier per request), and the contract's answer to a request
 * no stub can reach needs none of that; on the wrong-code verify path the adapter and the stub
 * check were about a tenth of the CPU.
 */
final class ServletRequestView implements Request, JournalView {
  private final HttpServletRequest request;
  private final RequestMethod method;
  private final String url;
  private byte[] body;
  private Map<String, QueryParameter> query;

  /**
   * @param request the servlet request (after the gate, which holds its body)
   * @param method its method, as {@link #methodOf} reads it
   * @param url its URL, as {@link #urlOf} reads it
   */
  ServletRequestView(HttpServletRequest request, RequestMethod method, String url) {
    this.request = request;
    this.method = method;
    this.url = url;
  }

  /** The method as WireMock names it. */
  static RequestMethod methodOf(HttpServletRequest request) {
    String name = request.getMethod();
    // The contract's methods without a new object per request; any other as WireMock reads it.
    return switch (name) {
      case "POST" -> RequestMethod.POST;
      case "GET" -> RequestMethod.GET;
      case "DELETE" -> RequestMethod.DELETE;
      case "PUT" -> RequestMethod.PUT;
      default -> RequestMethod.fromString(name.toUpperCase());
    };
  }

  /** Path and query as WireMock's {@code Request.getUrl} gives them (the stub context's view). */
  static String urlOf(HttpServletRequest request) {
    String path = request.getRequestURI();
    String context = request.getContextPath();
    if (context != null && !context.isEmpty() && path.startsWith(context)) {
      path = path.substring(context.length());
    }
    String query = request.getQueryString();
    return query == null || query.isEmpty() ? path : path + "?" + query;
  }

  @Override
  public String getUrl() {
    return url;
  }

  @Override
  public String getAbsoluteUrl() {
    return absoluteUrlLater().get();
  }

  /**
   * The parts read now (the servlet request is recycled once answered), the text made only when
   * asked: as Jetty's {@code getRequestURL} makes it, and the query.
   */
  @Override
  public Supplier<String> absoluteUrlLater() {
    return new AbsoluteUrl(
        request.getScheme(),
        request.getServerName(),
        request.getServerPort(),
        request.getRequestURI(),
        request.getQueryString());
  }

  @Override
  public RequestMethod getMethod() {
    return method;
  }

  @Override
  public String getScheme() {
    return request.getScheme();
  }

  @Override
  public String getHost() {
    return request.getServerName();
  }

  @Override
  public int getPort() {
    return request.getServerPort();
  }

  @Override
  public String getClientIp() {
    String forwardedFor = request.getHeader("X-Forwarded-For");
    return forwardedFor != null && !forwardedFor.isEmpty() ? forwardedFor : request.getRemoteAddr();
  }

  @Override
  public String getHeader(String key) {
    return request.getHeader(key);
  }

  @Override
  public HttpHeader header(String key) {
    // One lookup: a header that is present has at least one value (perhaps empty).
    Enumeration<String> all = request.getHeaders(key);
    if (all == null || !all.hasMoreElements()) {
      return HttpHeader.absent(key);
    }
    String first = all.nextElement();
    if (!all.hasMoreElements()) {
      return new HttpHeader(key, first);
    }
    List<String> values = new ArrayList<>(2);
    values.add(first);
    while (all.hasMoreElements()) {
      values.add(all.nextElement());
    }
    return new HttpHeader(key, values);
  }

  @Override
  public ContentTypeHeader contentTypeHeader() {
    String value = getHeader(ContentTypeHeader.KEY);
    return value == null ? ContentTypeHeader.absent() : new ContentTypeHeader(value);
  }

  @Override
  public HttpHeaders getHeaders() {
    List<HttpHeader> all = new ArrayList<>();
    for (String key : getAllHeaderKeys()) {
      all.add(header(key));
    }
    return new HttpHeaders(all);
  }

  /**
   * Straight from Jetty's fields, one pair per field as {@link #header} would list its values, less
   * what the gate hides; no name set, enumeration or {@code HttpHeader} on the way.
   */
  @Override
  public String[] headerFields() {
    org.eclipse.jetty.server.Request base =
        org.eclipse.jetty.server.Request.getBaseRequest(request);
    HttpFields fields = base == null ? null : base.getHttpFields();
    if (fields == null) {
      return JournalView.listed(this);
    }
    boolean gated = RequestGate.bodyOf(request) != null;
    String[] pairs = new String[fields.size() * 2];
    int n = 0;
    for (int i = 0; i < fields.size(); i++) {
      HttpField field = fields.getField(i);
      String name = field.getName();
      if (gated && RequestGate.hides(name)) {
        continue;
      }
      pairs[n++] = name;
      pairs[n++] = field.getValue();
    }
    return n == pairs.length ? pairs : Arrays.copyOf(pairs, n);
  }

  @Override
  public boolean containsHeader(String key) {
    return request.getHeader(key) != null;
  }

  @Override
  public Set<String> getAllHeaderKeys() {
    Set<String> keys = new LinkedHashSet<>();
    for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
      keys.add(names.nextElement());
    }
    return keys;
  }

  @Override
  public QueryParameter queryParameter(String key) {
    String raw = request.getQueryString();
    if (raw == null || raw.isEmpty()) {
      // Most requests have no query: nothing to split.
      return QueryParameter.absent(key);
    }
    if (query == null) {
      query = Urls.splitQuery(raw);
    }
    QueryParameter parameter = query.get(key);
    return parameter != null ? parameter : QueryParameter.absent(key);
  }

  // The gate hides Content-Type, so no body is read as a form.
  @Override
  public FormParameter formParameter(String key) {
    return FormParameter.absent(key);
  }

  @Override
  public Map<String, FormParameter> formParameters() {
    return Map.of();
  }

  @Override
  public Map<String, Cookie> getCookies() {
    jakarta.servlet.http.Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return Map.of();
    }
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (jakarta.servlet.http.Cookie cookie : cookies) {
      values.computeIfAbsent(cookie.getName(), name -> new ArrayList<>()).add(cookie.getValue());
    }
    Map<String, Cookie> all = new LinkedHashMap<>();
    values.forEach((name, list) -> all.put(name, new Cookie(null, List.copyOf(list))));
    return all;
  }

  @Override
  public byte[] getBody() {
    if (body == null) {
      byte[] read = RequestGate.bodyOf(request);
      if (read == null) {
        try {
          read = request.getInputStream().readAllBytes();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      // As WireMock's adapter: a body that looks gzipped is read unzipped.
      body = Gzip.isGzipped(read) ? Gzip.unGzip(read) : read;
    }
    return body;
  }

  @Override
  public String getBodyAsString() {
    return new String(getBody(), StandardCharsets.UTF_8);
  }

  @Override
  public String getBodyAsBase64() {
    return Base64.getEncoder().encodeToString(getBody());
  }

  @Override
  public boolean isMultipart() {
    String type = getHeader("Content-Type");
    return type != null && type.contains("multipart/");
  }

  // The gate hides Content-Type: never multipart here.
  @Override
  public Collection<Part> getParts() {
    return null;
  }

  @Override
  public Part getPart(String name) {
    return null;
  }

  @Override
  public boolean isBrowserProxyRequest() {
    return false;
  }

  @Override
  public Optional<Request> getOriginalRequest() {
    return Optional.empty();
  }

  @Override
  public String getProtocol() {
    return request.getProtocol();
  }
}
