package org.totpkit.mock.junit;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.client.WireMockBuilder;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import java.util.List;
import java.util.Optional;
import org.totpkit.mock.DemoData;
import org.totpkit.mock.ReferenceServer;

/** The running server of a {@link TotpMockTest} class, injected into its methods. */
public final class TotpMockRuntimeInfo {
  private final ReferenceServer server;
  private final String adminToken;
  private final HooksClient hooks;
  private final WireMock wireMock;

  TotpMockRuntimeInfo(ReferenceServer server, String adminToken) {
    this.server = server;
    this.adminToken = adminToken;
    this.hooks = new HooksClient(server.hooksUrl(), adminToken);
    WireMockBuilder builder = WireMock.create().host(host(server)).port(server.port());
    if (adminToken != null) {
      builder.authenticator(() -> List.of(new HttpHeader("Authorization", "Bearer " + adminToken)));
    }
    this.wireMock = builder.build();
  }

  private static String host(ReferenceServer server) {
    String base = server.baseUrl();
    return base.substring("http://".length(), base.lastIndexOf(':'))
        .replace("[", "")
        .replace("]", "");
  }

  /** Where to point the client under test, e.g. {@code http://127.0.0.1:54321}. */
  public String baseUrl() {
    return server.baseUrl();
  }

  public int port() {
    return server.port();
  }

  public String hooksUrl() {
    return server.hooksUrl();
  }

  /** The hooks: fixtures, clock, policy, reset and {@link HooksClient#currentCode}. */
  public HooksClient hooks() {
    return hooks;
  }

  /**
   * WireMock's client bound to this server (and its admin token): {@code stubFor}, {@code
   * verifyThat}, {@code find}, {@code removeStubMapping} as with any WireMock server.
   */
  public WireMock wireMock() {
    return wireMock;
  }

  public Optional<String> adminToken() {
    return Optional.ofNullable(adminToken);
  }

  public Optional<DemoData> demoData() {
    return server.demoData();
  }

  public ReferenceServer server() {
    return server;
  }
}
