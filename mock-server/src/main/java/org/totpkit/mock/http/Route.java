package org.totpkit.mock.http;

import com.github.tomakehurst.wiremock.http.RequestMethod;
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
    // The segments after the prefix, found by their slashes: at most four (user, "totp", id,
    // "_verify"), read in place rather than split into a list and copies.
    int[] slash = new int[3];
    int slashes = 0;
    for (int i = path.indexOf('/', PREFIX.length()); i >= 0; i = path.indexOf('/', i + 1)) {
      if (slashes == slash.length) {
        return new NoRoute();
      }
      slash[slashes++] = i;
    }
    int segments = slashes + 1;
    Route route;
    if (segments < 2
        || !PathSegments.is(path, slash[0] + 1, end(path, slash, slashes, 1), "totp")) {
      return new NoRoute();
    } else if (segments == 2) {
      route = START;
    } else if (segments == 4 && PathSegments.is(path, slash[2] + 1, path.length(), "_verify")) {
      route = VERIFY;
    } else if (segments == 3) {
      route = REMOVE;
    } else {
      return new NoRoute();
    }
    if (!route.method.equals(method)) {
      return new WrongMethod(route);
    }
    String userId = PathSegments.decode(path.substring(PREFIX.length(), slash[0]));
    String totpId =
        route == START
            ? null
            : PathSegments.decode(path.substring(slash[1] + 1, end(path, slash, slashes, 2)));
    return userId == null || (route != START && totpId == null)
        ? new NoRoute()
        : new Matched(route, userId, totpId);
  }

  // Where segment {@code index} (0 is the user) ends: at the next slash, or at the path's end.
  private static int end(String path, int[] slash, int slashes, int index) {
    return index < slashes ? slash[index] : path.length();
  }
}
