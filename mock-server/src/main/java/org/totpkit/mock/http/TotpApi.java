package org.totpkit.mock.http;

import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.List;
import java.util.function.UnaryOperator;
import org.totpkit.mock.totp.Caller;
import org.totpkit.mock.totp.Outcome;
import org.totpkit.mock.totp.Scope;
import org.totpkit.mock.totp.TotpService;

/**
 * Serves the TOTP registration API on every non-admin request: resolves the route, decodes the
 * body, authenticates, validates fields, calls the domain and maps its outcome, in the order of the
 * contract's error table.
 */
public final class TotpApi implements StubRequestFilterV2 {
  private static final int ID_MAX = 200;
  private static final int CODE_MIN = 6;
  private static final int CODE_MAX = 9;
  private static final List<String> SCOPE_PARAMETERS =
      List.of(
          "instance.id",
          "instance.domain",
          "organization.orgId",
          "organization.org_id",
          "organization.orgDomain",
          "organization.org_domain");

  private final TotpService service;
  private final Authentication authentication;
  private final UnaryOperator<ApiResponse> finish;
  private final RequestLog log;

  /**
   * @param finish applied to every response before it is sent; the identity on a correct server
   */
  public TotpApi(
      TotpService service,
      Authentication authentication,
      UnaryOperator<ApiResponse> finish,
      RequestLog log) {
    this.service = service;
    this.authentication = authentication;
    this.finish = finish;
    this.log = log;
  }

  @Override
  public String getName() {
    return "totp-api";
  }

  @Override
  public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
    ApiResponse response;
    try {
      response = finish.apply(handle(request));
    } catch (RuntimeException bug) {
      // A defect of this server, never the client's input: say so without a stack trace.
      log.failure(bug);
      response = ErrorTable.internal();
    }
    log.record(request.getMethod().getName(), request.getUrl(), response.status());
    return RequestFilterAction.stopWith(Rendering.toDefinition(response));
  }

  ApiResponse handle(Request request) {
    Route.Match match = Route.resolve(request.getMethod(), request.getUrl());
    if (match instanceof Route.WrongMethod wrong) {
      return ErrorTable.wrongMethod(wrong.route().method.getName());
    }
    if (!(match instanceof Route.Matched matched)) {
      return ErrorTable.noRoute();
    }
    Route route = matched.route();
    String code = null;
    if (route == Route.VERIFY) {
      CodeBody.Decoded decoded = CodeBody.decode(request.getBody());
      if (decoded instanceof CodeBody.Undecodable undecodable) {
        return ErrorTable.undecodableBody(undecodable.reason());
      }
      code = ((CodeBody.Code) decoded).value();
    }
    ApiResponse ambiguous = repeatedQueryParameter(request);
    if (ambiguous != null) {
      return ambiguous;
    }
    Authentication.Result auth =
        authentication.authenticate(request.getHeader("Authorization"), matched.userId());
    if (auth instanceof Authentication.Refused refused) {
      return refused.response();
    }
    Caller caller = ((Authentication.Authenticated) auth).caller();
    ApiResponse invalid = validateFields(route, matched.userId(), matched.totpId(), code);
    if (invalid != null) {
      return invalid;
    }
    Scope scope = scopeOf(request);
    Outcome outcome =
        switch (route) {
          case START -> service.start(caller, matched.userId(), scope);
          case VERIFY -> service.verify(caller, matched.userId(), matched.totpId(), code, scope);
          case REMOVE -> service.remove(caller, matched.userId(), matched.totpId(), scope);
        };
    return OutcomeMapping.toResponse(outcome, route);
  }

  private static ApiResponse validateFields(
      Route route, String userId, String totpId, String code) {
    if (!hasRunes(userId, 1, ID_MAX)) {
      return ErrorTable.fieldLength(route.requestMessage, "Id", 1, ID_MAX);
    }
    if (totpId != null && !hasRunes(totpId, 1, ID_MAX)) {
      return ErrorTable.fieldLength(route.requestMessage, "TotpId", 1, ID_MAX);
    }
    if (code != null && !hasRunes(code, CODE_MIN, CODE_MAX)) {
      return ErrorTable.fieldLength(route.requestMessage, "Code", CODE_MIN, CODE_MAX);
    }
    return null;
  }

  // protoc-gen-validate counts runes (code points), not UTF-16 units.
  private static boolean hasRunes(String value, int min, int max) {
    int runes = value.codePointCount(0, value.length());
    return runes >= min && runes <= max;
  }

  // grpc-gateway refuses a second value for a singular field ("too many values") after decoding
  // the body and before the call, so before authentication.
  private static ApiResponse repeatedQueryParameter(Request request) {
    for (String name : SCOPE_PARAMETERS) {
      QueryParameter parameter = request.queryParameter(name);
      if (parameter != null && parameter.isPresent() && parameter.values().size() > 1) {
        return ErrorTable.undecodableQuery("too many values for query parameter " + name);
      }
    }
    return null;
  }

  private static Scope scopeOf(Request request) {
    return new Scope(
        query(request, "instance.id"),
        query(request, "instance.domain"),
        firstOf(query(request, "organization.orgId"), query(request, "organization.org_id")),
        firstOf(
            query(request, "organization.orgDomain"), query(request, "organization.org_domain")),
        request.getHost());
  }

  // An empty value is the protobuf default: the same as not giving the parameter.
  private static String query(Request request, String name) {
    QueryParameter parameter = request.queryParameter(name);
    if (parameter == null || !parameter.isPresent()) {
      return null;
    }
    String value = parameter.firstValue();
    return value == null || value.isEmpty() ? null : value;
  }

  private static String firstOf(String first, String second) {
    return first != null ? first : second;
  }
}
