package org.totpkit.mock.stubs;

import com.github.tomakehurst.wiremock.core.Admin;
import com.github.tomakehurst.wiremock.extension.StubLifecycleListener;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.matching.RequestPattern;
import com.github.tomakehurst.wiremock.matching.UrlPattern;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Stubs over the contract: a request that one of WireMock's stubs matches goes on to WireMock's own
 * stub matching; every other request is the contract's. The stubs are kept as a snapshot that
 * WireMock's stub events refresh, so with no stubs the check is one read of an empty list.
 *
 * <p>Beside the snapshot, an index of what each stub's request pattern can reach: its method and
 * its URL matcher, the two parts every WireMock request pattern requires (the rest, headers, body,
 * custom matchers and the scenario's state, only narrow it). {@link #mayMatch} asks only those, on
 * the method and URL read straight from the servlet request, so a request no stub can reach needs
 * no WireMock view of the request at all; one a stub may reach is checked in full by {@link
 * #anyStubMatches}.
 */
public final class StubsFirst implements StubRequestFilterV2, StubLifecycleListener {
  private final StubRequestFilterV2 contract;
  private final Supplier<Admin> admin;
  private volatile List<StubMapping> stubs = List.of();
  private volatile List<Reach> reaches = List.of();

  /**
   * @param contract answers every request no stub matches
   * @param admin the running server's stubs and scenarios (known once it is built)
   */
  public StubsFirst(StubRequestFilterV2 contract, Supplier<Admin> admin) {
    this.contract = contract;
    this.admin = admin;
  }

  @Override
  public String getName() {
    return "totp-stubs-first";
  }

  @Override
  public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
    if (anyStubMatches(request)) {
      return RequestFilterAction.continueWith(request);
    }
    return contract.filter(request, serveEvent);
  }

  /**
   * Whether one of WireMock's stubs (in its scenario's required state, if any) matches the request:
   * then WireMock answers it, else the contract does. With no stubs, one read of an empty list.
   */
  public boolean anyStubMatches(Request request) {
    List<StubMapping> current = stubs;
    return !current.isEmpty() && anyMatches(current, request);
  }

  /**
   * Whether a registered stub could match a request with this method and URL (path and query, as
   * WireMock's {@code Request.getUrl} gives it): false means none can, whatever the request's
   * headers, body or scenarios; true means ask {@link #anyStubMatches}. With no stubs, one read of
   * an empty list.
   */
  public boolean mayMatch(RequestMethod method, String url) {
    List<Reach> current = reaches;
    for (int i = 0; i < current.size(); i++) {
      if (current.get(i).mayMatch(method, url)) {
        return true;
      }
    }
    return false;
  }

  /**
   * What one stub's request pattern can reach: WireMock's own method and URL matchers (equality,
   * regex, path template or any URL), which every request pattern requires to match.
   */
  private record Reach(RequestMethod method, UrlPattern url) {
    static Reach of(StubMapping stub) {
      RequestPattern pattern = stub.getRequest();
      if (pattern == null) {
        return new Reach(RequestMethod.ANY, UrlPattern.ANY);
      }
      RequestMethod method = pattern.getMethod() == null ? RequestMethod.ANY : pattern.getMethod();
      UrlPattern url = pattern.getUrlMatcher() == null ? UrlPattern.ANY : pattern.getUrlMatcher();
      return new Reach(method, url);
    }

    boolean mayMatch(RequestMethod requestMethod, String requestUrl) {
      if (method != RequestMethod.ANY && !method.match(requestMethod).isExactMatch()) {
        return false;
      }
      return url == UrlPattern.ANY || url.match(requestUrl).isExactMatch();
    }
  }

  private boolean anyMatches(List<StubMapping> current, Request request) {
    List<Scenario> scenarios = null;
    for (StubMapping stub : current) {
      if (!stub.getRequest().match(request).isExactMatch()) {
        continue;
      }
      if (stub.isIndependentOfScenarioState()) {
        return true;
      }
      if (scenarios == null) {
        scenarios = admin.get().getAllScenarios().getScenarios();
      }
      for (Scenario scenario : scenarios) {
        if (scenario.getName().equals(stub.getScenarioName())
            && scenario.getState().equals(stub.getRequiredScenarioState())) {
          return true;
        }
      }
    }
    return false;
  }

  private void refresh() {
    List<StubMapping> current = List.copyOf(admin.get().listAllStubMappings().getMappings());
    List<Reach> reach = new ArrayList<>(current.size());
    for (StubMapping stub : current) {
      reach.add(Reach.of(stub));
    }
    reaches = List.copyOf(reach);
    stubs = current;
  }

  @Override
  public void afterStubCreated(StubMapping stub) {
    refresh();
  }

  @Override
  public void afterStubEdited(StubMapping oldStub, StubMapping newStub) {
    refresh();
  }

  @Override
  public void afterStubRemoved(StubMapping stub) {
    refresh();
  }

  @Override
  public void afterStubsReset() {
    refresh();
  }
}
