package org.totpkit.mock.http;

import com.github.tomakehurst.wiremock.http.RequestMethod;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.totpkit.mock.contract.Operation;

/** The three operations' paths, and what a request path and method resolve to. */
enum Route {
  START(Operation.START, RequestMethod.POST),
  VERIFY(Operation.VERIFY, RequestMethod.POST),
  REMOVE(Operation.REMOVE, RequestMethod.DELETE);

  private static final String PREFIX = "/resources/v3alpha/users/";

  /** The RPC this route is the HTTP rule of. */
  final Operation operation;

  final RequestMethod method;

  Route(Operation operation, RequestMethod method) {
    this.operation = operation;
    this.method = method;
  }

  sealed interface Match {}

  record NoRoute() implements Match {}

  record WrongMethod(Route route) implements Match {}

  record Matched(Route route, String userId, String totpId) implements Match {}

  static Match resolve(RequestMethod method, String pathAndQuery) {
    int query = pathAndQuery.indexOf('?');
    String path = query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
    if (!path.startsWith(PREFIX)) {
      return new NoRoute();
    }
    String[] segments = path.substring(PREFIX.length()).split("/", -1);
    Route route;
    if (segments.length == 2 && segments[1].equals("totp")) {
      route = START;
    } else if (segments.length == 4
        && segments[1].equals("totp")
        && segments[3].equals("_verify")) {
      route = VERIFY;
    } else if (segments.length == 3 && segments[1].equals("totp")) {
      route = REMOVE;
    } else {
      return new NoRoute();
    }
    if (!route.method.equals(method)) {
      return new WrongMethod(route);
    }
    String userId = decode(segments[0]);
    String totpId = route == START ? null : decode(segments[2]);
    return userId == null || (route != START && totpId == null)
        ? new NoRoute()
        : new Matched(route, userId, totpId);
  }

  // A segment that is not valid percent-encoding names no resource: null, answered as no route.
  private static String decode(String segment) {
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return null;
    }
  }
}
