package org.totpkit.mock.faults;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;

/**
 * Request-side faults that the verify-body rewrite does not cover: a start body that is refused,
 * and scope query parameters that are ignored or misread. Registered before the API.
 */
final class RequestFaults implements StubRequestFilterV2 {
  private static final Set<String> SCOPE =
      Set.of(
          "instance.id",
          "instance.domain",
          "organization.orgId",
          "organization.org_id",
          "organization.orgDomain",
          "organization.org_domain");

  private final Set<Fault> faults;

  RequestFaults(Set<Fault> faults) {
    this.faults = Set.copyOf(faults);
  }

  static boolean needed(Set<Fault> faults) {
    return faults.contains(Fault.START_BODY_REFUSED)
        || faults.contains(Fault.V2_REST_LENIENT_BODY)
        || faults.contains(Fault.V2_REST_BODY_USER_ID_WINS)
        || faults.contains(Fault.V2_REST_NO_ROUTE_AS_WRONG_METHOD)
        || faults.contains(Fault.SCOPE_IGNORED)
        || faults.contains(Fault.SNAKE_CASE_SCOPE_MISREAD)
        || faults.contains(Fault.ID_LENGTH_NOT_CHECKED)
        || faults.contains(Fault.V2_UNKNOWN_JSON_FIELDS_REFUSED)
        || faults.contains(Fault.V2_WRONG_METHOD_AS_NOT_FOUND)
        || faults.contains(Fault.WRONG_METHOD_AS_NOT_FOUND)
        || faults.contains(Fault.UNROUTED_AS_WRONG_METHOD)
        || faults.contains(Fault.NON_ASCII_CODE_AS_SERVER_ERROR)
        || faults.contains(Fault.TOTP_ID_NOT_DECIMAL)
        || faults.contains(Fault.CONNECT_UNKNOWN_METHOD_AS_501);
  }

  @Override
  public String getName() {
    return "totp-fault-request";
  }

  @Override
  public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
    String path = request.getUrl().split("\\?", 2)[0];
    if (faults.contains(Fault.V2_REST_NO_ROUTE_AS_WRONG_METHOD)
        && path.startsWith("/v2/")
        && !path.matches("/v2/users/[^/]+/totp(/verify)?")) {
      return stop(405, "{\"code\":12,\"message\":\"Method Not Allowed\"}");
    }
    if (faults.contains(Fault.CONNECT_UNKNOWN_METHOD_AS_501) && path.startsWith("/zitadel.")) {
      // Only the calls the contract does not have reach here: the known ones are RPCs.
      return stop(501, "{\"code\":\"unimplemented\",\"message\":\"no such method\"}");
    }
    if (path.startsWith("/v2/users/")) {
      return v2(request, path);
    }
    if (!path.startsWith("/resources/")) {
      return RequestFilterAction.continueWith(request);
    }
    if (faults.contains(Fault.UNROUTED_AS_WRONG_METHOD) && !aRoute(path)) {
      return stop(405, "{\"code\":12,\"message\":\"Method Not Allowed\"}");
    }
    if (faults.contains(Fault.NON_ASCII_CODE_AS_SERVER_ERROR)
        && path.endsWith("/_verify")
        && request.getBodyAsString() != null
        && request.getBodyAsString().chars().anyMatch(c -> c > 127)) {
      return stop(500, "{\"code\":13,\"message\":\"Internal Server Error\"}");
    }
    if (faults.contains(Fault.WRONG_METHOD_AS_NOT_FOUND) && !routed(request, path)) {
      return stop(404, "{\"code\":5,\"message\":\"Not Found\"}");
    }
    if (faults.contains(Fault.START_BODY_REFUSED)
        && path.endsWith("/totp")
        && request.getBody() != null
        && request.getBody().length > 0) {
      return RequestFilterAction.stopWith(
          ResponseDefinitionBuilder.responseDefinition()
              .withStatus(400)
              .withHeader("Content-Type", "application/json")
              .withBody("{\"code\":3,\"message\":\"a start request takes no body\"}")
              .build());
    }
    if (faults.contains(Fault.TOTP_ID_NOT_DECIMAL)) {
      // The ids it issued as t42 are found as 42 (and 42 itself still is).
      return RequestFilterAction.continueWith(
          withUrl(request, url -> url.replaceFirst("(/totp/)t([0-9]+)", "$1$2")));
    }
    if (faults.contains(Fault.SCOPE_IGNORED)) {
      return RequestFilterAction.continueWith(withQuery(request, this::noScope));
    }
    if (faults.contains(Fault.SNAKE_CASE_SCOPE_MISREAD)) {
      return RequestFilterAction.continueWith(withQuery(request, this::misreadSnakeCase));
    }
    if (faults.contains(Fault.ID_LENGTH_NOT_CHECKED)) {
      return RequestFilterAction.continueWith(withUrl(request, RequestFaults::shortenIds));
    }
    return RequestFilterAction.continueWith(request);
  }

  /** The v2 REST faults: a body with an unknown field refused, a wrong method as no route. */
  private RequestFilterAction v2(Request request, String path) {
    if (faults.contains(Fault.V2_UNKNOWN_JSON_FIELDS_REFUSED)
        && request.getBodyAsString() != null
        && request.getBodyAsString().contains("\"kit")) {
      return stop(400, "{\"code\":3,\"message\":\"unknown field in the request body\"}");
    }
    if (faults.contains(Fault.V2_WRONG_METHOD_AS_NOT_FOUND)
        && path.endsWith("/totp")
        && request.getMethod().getName().equals("GET")) {
      return stop(404, "{\"code\":5,\"message\":\"Not Found\"}");
    }
    if (faults.contains(Fault.V2_REST_LENIENT_BODY) && request.getBody() != null) {
      return RequestFilterAction.continueWith(withBody(request, lenient(request.getBody())));
    }
    String bodyUser = bodyUserId(request.getBody());
    if (faults.contains(Fault.V2_REST_BODY_USER_ID_WINS) && bodyUser != null) {
      return RequestFilterAction.continueWith(withUrl(request, url -> withPathUser(url, bodyUser)));
    }
    return RequestFilterAction.continueWith(request);
  }

  /** Whether the path is one of the three v3alpha routes (whatever the method). */
  private static boolean aRoute(String path) {
    return path.matches("/resources/v3alpha/users/[^/]+/totp(/[^/]+(/_verify)?)?");
  }

  /** Whether the method is the one the contract routes for this v3alpha path. */
  private static boolean routed(Request request, String path) {
    String method = request.getMethod().getName();
    String registration = "/resources/v3alpha/users/[^/]+/totp/[^/]+";
    if (path.matches("/resources/v3alpha/users/[^/]+/totp")) {
      return method.equals("POST");
    }
    if (path.matches(registration + "/_verify")) {
      return method.equals("POST");
    }
    return !path.matches(registration) || method.equals("DELETE");
  }

  private static RequestFilterAction stop(int status, String body) {
    return RequestFilterAction.stopWith(
        ResponseDefinitionBuilder.responseDefinition()
            .withStatus(status)
            .withHeader("Content-Type", "application/json")
            .withBody(body)
            .build());
  }

  private QueryParameter noScope(String name, QueryParameter actual) {
    return SCOPE.contains(name) ? QueryParameter.absent(name) : actual;
  }

  private QueryParameter misreadSnakeCase(String name, QueryParameter actual) {
    if (name.equals("organization.org_id") && actual != null && actual.isPresent()) {
      return new QueryParameter(name, List.of("misread-" + actual.firstValue()));
    }
    return actual;
  }

  /** Cuts every path segment to 200 characters: the lookup then finds no such user or id. */
  private static String shortenIds(String url) {
    String[] pathAndQuery = url.split("\\?", 2);
    StringBuilder path = new StringBuilder();
    for (String segment : pathAndQuery[0].split("/", -1)) {
      if (path.length() > 0 || !segment.isEmpty()) {
        path.append('/');
      }
      path.append(segment.length() > 200 ? segment.substring(0, 200) : segment);
    }
    return path + (pathAndQuery.length > 1 ? "?" + pathAndQuery[1] : "");
  }

  private static Request withUrl(Request request, java.util.function.UnaryOperator<String> change) {
    return (Request)
        Proxy.newProxyInstance(
            Request.class.getClassLoader(),
            new Class<?>[] {Request.class},
            (proxy, method, args) -> {
              try {
                Object answer = method.invoke(request, args);
                return method.getName().equals("getUrl") && args == null
                    ? change.apply((String) answer)
                    : answer;
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @FunctionalInterface
  private interface QueryChange {
    QueryParameter apply(String name, QueryParameter actual);
  }

  /**
   * The request with its query parameters changed as the API reads them. (WireMock's RequestWrapper
   * rewrites the URL but not queryParameter(), which the API uses.)
   */
  private static Request withQuery(Request request, QueryChange change) {
    return (Request)
        Proxy.newProxyInstance(
            Request.class.getClassLoader(),
            new Class<?>[] {Request.class},
            (proxy, method, args) -> {
              try {
                Object answer = method.invoke(request, args);
                if (method.getName().equals("queryParameter")
                    && args != null
                    && args.length == 1
                    && args[0] instanceof String name) {
                  return change.apply(name, (QueryParameter) answer);
                }
                return answer;
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  // --- the v2 REST request faults' helpers ---

  private static final ObjectMapper LENIENT =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
          .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
          .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
          .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
          .build();

  /** The body parsed leniently, its code and userId turned into text whatever their JSON type. */
  private static byte[] lenient(byte[] body) {
    try {
      JsonNode node = LENIENT.readTree(body);
      if (node instanceof ObjectNode object) {
        for (String field : List.of("code", "userId")) {
          JsonNode value = object.get(field);
          if (value != null && !value.isTextual() && !value.isNull()) {
            object.put(field, value.isValueNode() ? value.asText() : value.toString());
          }
        }
        return LENIENT.writeValueAsBytes(object);
      }
    } catch (java.io.IOException notEvenLenientJson) {
      // Left as it came: the API refuses it.
    }
    return body;
  }

  private static String bodyUserId(byte[] body) {
    try {
      JsonNode user = body == null ? null : LENIENT.readTree(body).path("userId");
      return user != null && user.isTextual() ? user.asText() : null;
    } catch (java.io.IOException notJson) {
      return null;
    }
  }

  /** /v2/users/{userId}/… with another user id. */
  private static String withPathUser(String url, String userId) {
    String[] segments = url.split("/", 5);
    if (segments.length < 4) {
      return url;
    }
    segments[3] = java.net.URLEncoder.encode(userId, java.nio.charset.StandardCharsets.UTF_8);
    return String.join("/", segments);
  }

  private static Request withBody(Request request, byte[] body) {
    return (Request)
        Proxy.newProxyInstance(
            Request.class.getClassLoader(),
            new Class<?>[] {Request.class},
            (proxy, method, args) -> {
              if (args == null) {
                switch (method.getName()) {
                  case "getBody":
                    return body;
                  case "getBodyAsString":
                    return new String(body, java.nio.charset.StandardCharsets.UTF_8);
                  case "getBodyAsBase64":
                    return java.util.Base64.getEncoder().encodeToString(body);
                  default:
                    break;
                }
              }
              try {
                return method.invoke(request, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
