package org.totpkit.mock.stubs;

import com.github.tomakehurst.wiremock.core.Admin;
import com.github.tomakehurst.wiremock.extension.StubLifecycleListener;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.util.List;
import java.util.function.Supplier;

/**
 * Stubs over the contract: a request that one of WireMock's stubs matches goes on to WireMock's own
 * stub matching; every other request is the contract's. The stubs are kept as a snapshot that
 * WireMock's stub events refresh, so with no stubs the check is one read of an empty list.
 */
public final class StubsFirst implements StubRequestFilterV2, StubLifecycleListener {
  private final StubRequestFilterV2 contract;
  private final Supplier<Admin> admin;
  private volatile List<StubMapping> stubs = List.of();

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
    stubs = List.copyOf(admin.get().listAllStubMappings().getMappings());
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
