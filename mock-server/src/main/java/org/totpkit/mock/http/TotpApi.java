package org.totpkit.mock.http;

import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.List;
import java.util.function.UnaryOperator;
import org.totpkit.mock.contract.ContractCall;
import org.totpkit.mock.contract.ContractError;
import org.totpkit.mock.contract.ErrorTable;
import org.totpkit.mock.contract.TotpContract;
import org.totpkit.mock.http.v2.V2RestApi;
import org.totpkit.mock.totp.Scope;

/**
 * Serves the TOTP registration API over REST on every non-admin request: rows 1 to 3 of the error
 * table (route, method, body) and the query are REST's own; the rest is the {@link TotpContract},
 * whose answer is rendered as JSON.
 */
public final class TotpApi implements StubRequestFilterV2 {
  private static final List<String> SCOPE_PARAMETERS =
      List.of(
          "instance.id",
          "instance.domain",
          "organization.orgId",
          "organization.org_id",
          "organization.orgDomain",
          "organization.org_domain");

  private final TotpContract contract;
  private final V2RestApi v2;
  private final UnaryOperator<ApiResponse> finish;
  private final RequestLog log;

  /**
   * @param finish applied to every response before it is sent; the identity on a correct server
   */
  public TotpApi(TotpContract contract, UnaryOperator<ApiResponse> finish, RequestLog log) {
    this(contract, null, finish, log);
  }

  /**
   * @param v2 the v2 dialect's REST surface, null for a server that speaks v3alpha only
   */
  public TotpApi(
      TotpContract contract, V2RestApi v2, UnaryOperator<ApiResponse> finish, RequestLog log) {
    this.contract = contract;
    this.v2 = v2;
    this.finish = finish;
    this.log = log;
  }

  @Override
  public String getName() {
    return "totp-api";
  }

  @Override
  public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
    return RequestFilterAction.stopWith(Rendering.toDefinition(answer(request)));
  }

  /**
   * The contract's answer to a request no stub matches, finished and logged: what {@link #filter}
   * hands to WireMock, and what {@link RestFront} writes itself.
   */
  public ApiResponse answer(Request request) {
    ApiResponse response;
    try {
      response = finish.apply(handle(request));
    } catch (RuntimeException bug) {
      return failed(request, bug);
    }
    log.record(request.getMethod().getName(), request.getUrl(), response.status());
    return response;
  }

  /**
   * The answer to a request that {@code bug} (a defect, a store's failure) stopped, logged: what
   * {@link #answer} gives then, for a failure reported after the request's thread went on.
   */
  public ApiResponse failed(Request request, RuntimeException bug) {
    // A defect of this server, never the client's input: say so without a stack trace.
    log.failure(bug);
    ApiResponse response = Rendering.error(ErrorTable.internal());
    log.record(request.getMethod().getName(), request.getUrl(), response.status());
    return response;
  }

  ApiResponse handle(Request request) {
    String path = pathOf(request.getUrl());
    if (v2 != null && V2RestApi.claims(path)) {
      return v2.handle(request, path);
    }
    Route.Match match = Route.resolve(request.getMethod(), request.getUrl());
    if (match instanceof Route.WrongMethod wrong) {
      return Rendering.wrongMethod(wrong.route().method.getName());
    }
    if (!(match instanceof Route.Matched matched)) {
      return Rendering.error(ErrorTable.noRoute());
    }
    Route route = matched.route();
    String code = null;
    if (route == Route.VERIFY) {
      CodeBody.Decoded decoded = CodeBody.decode(request.getBody());
      if (decoded instanceof CodeBody.Undecodable undecodable) {
        return Rendering.error(ErrorTable.undecodable(undecodable.reason()));
      }
      code = ((CodeBody.Code) decoded).value();
    }
    // Most requests have no query: then no parameter is repeated and the scope is the host's.
    boolean hasQuery = request.getUrl().indexOf('?') >= 0;
    ContractError ambiguous = hasQuery ? repeatedQueryParameter(request) : null;
    if (ambiguous != null) {
      return Rendering.error(ambiguous);
    }
    ContractCall call =
        new ContractCall(
            route.operation,
            request.getHeader("Authorization"),
            matched.userId(),
            matched.totpId(),
            code,
            hasQuery ? scopeOf(request) : new Scope(null, null, null, null, request.getHost()));
    return OutcomeMapping.toResponse(contract.answer(call));
  }

  private static String pathOf(String url) {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }

  // grpc-gateway refuses a second value for a singular field ("too many values") after decoding
  // the body and before the call, so before authentication.
  private static ContractError repeatedQueryParameter(Request request) {
    for (String name : SCOPE_PARAMETERS) {
      QueryParameter parameter = request.queryParameter(name);
      if (parameter != null && parameter.isPresent() && parameter.values().size() > 1) {
        return ErrorTable.undecodable("too many values for query parameter " + name);
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
