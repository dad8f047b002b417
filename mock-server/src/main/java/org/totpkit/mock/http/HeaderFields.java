package org.totpkit.mock.http;

import com.github.tomakehurst.wiremock.http.Request;
import java.util.ArrayList;
import java.util.List;

/**
 * A request's headers as the journal keeps them: one flat array of name and value, a pair per
 * header field, in the order they arrived. A request view that can read them straight from the
 * container implements this; {@link #of} reads any other through WireMock's {@code Request}.
 *
 * <p>Why: the journal captures every answered request, and listing the names first (a set, an
 * enumeration, then one {@code HttpHeader} and one list per name) was about 1.4 KB of each REST
 * request's 8.5 KB of garbage, and the largest part of what each kept entry holds.
 */
public interface HeaderFields {
  /** Name, value, name, value, ...: a fresh array the caller may change. */
  String[] headerFields();

  /** The pairs of any request: every value of every name WireMock's view lists. */
  static String[] of(Request request) {
    return request instanceof HeaderFields fields ? fields.headerFields() : listed(request);
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
