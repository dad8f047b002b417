package org.totpkit.mock.http;

import com.github.tomakehurst.wiremock.http.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.eclipse.jetty.util.URIUtil;

/**
 * What the journal captures of a request, read straight from the container by a request view that
 * can ({@link #headersOf} and {@link #absoluteUrlOf} read any other through WireMock's {@code
 * Request}): its headers as one flat array of name and value, a pair per header field in the order
 * they arrived, and its absolute URL made only if the entry is read.
 *
 * <p>Why: the journal captures every answered request and most entries are never read. Listing the
 * header names first (a set, an enumeration, then one {@code HttpHeader} and one list per name) was
 * about 1.4 KB of each REST request's 8.5 KB of garbage and the largest part of what each kept
 * entry holds; the absolute URL's text another 0.4 KB.
 */
public interface JournalView {
  /** Name, value, name, value, ...: a fresh array the caller may change. */
  String[] headerFields();

  /** The absolute URL, as {@code Request.getAbsoluteUrl} gives it, made when asked. */
  Supplier<String> absoluteUrlLater();

  /**
   * The parts of an absolute URL, made into its text ({@code get}) only when asked: what the
   * journal keeps of it (the parts, not the text).
   */
  record AbsoluteUrl(String scheme, String host, int port, String path, String query)
      implements Supplier<String> {
    @Override
    public String get() {
      StringBuilder absolute = new StringBuilder(128);
      URIUtil.appendSchemeHostPort(absolute, scheme, host, port);
      if (path != null) {
        absolute.append(path);
      }
      if (query != null && !query.isEmpty()) {
        absolute.append('?').append(query);
      }
      return absolute.toString();
    }
  }

  /** The header pairs of any request: every value of every name WireMock's view lists. */
  static String[] headersOf(Request request) {
    return request instanceof JournalView view ? view.headerFields() : listed(request);
  }

  /** The absolute URL of any request, made now or later. */
  static Supplier<String> absoluteUrlOf(Request request) {
    if (request instanceof JournalView view) {
      return view.absoluteUrlLater();
    }
    String now = request.getAbsoluteUrl();
    return () -> now;
  }

  /** The pairs as WireMock's view lists them, by name. */
  static String[] listed(Request request) {
    List<String> pairs = new ArrayList<>();
    for (String key : request.getAllHeaderKeys()) {
      for (String value : request.header(key).values()) {
        pairs.add(key);
        pairs.add(value);
      }
    }
    return pairs.toArray(new String[0]);
  }
}
