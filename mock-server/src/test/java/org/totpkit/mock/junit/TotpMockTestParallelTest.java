package org.totpkit.mock.junit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.totpkit.contract.hooks.model.CreatedUser;
import org.totpkit.contract.hooks.model.CurrentCode;
import org.totpkit.mock.testing.JceTotp;
import org.totpkit.mock.testing.PendingRegistration;
import org.totpkit.mock.testing.RawHttp;
import org.totpkit.mock.testing.Reply;

/**
 * Two {@code @TotpMockTest} classes run at the same time by JUnit's parallel execution, each with
 * its own server, injected runtime info and the code helper. A barrier that both classes must reach
 * together proves they ran in parallel.
 */
class TotpMockTestParallelTest {
  static final CyclicBarrier BOTH_RUNNING = new CyclicBarrier(2);

  @Test
  void twoAnnotatedClassesPassInParallel() {
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(selectClass(Enrolment.class), selectClass(Outage.class))
            .configurationParameters(
                Map.of(
                    "junit.jupiter.execution.parallel.enabled", "true",
                    "junit.jupiter.execution.parallel.mode.default", "same_thread",
                    "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
                    "junit.jupiter.execution.parallel.config.strategy", "fixed",
                    "junit.jupiter.execution.parallel.config.fixed.parallelism", "2"))
            .build();
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    launcher.execute(request, listener);
    TestExecutionSummary summary = listener.getSummary();
    StringBuilder failures = new StringBuilder();
    summary.getFailures().forEach(f -> failures.append(f.getException()).append('\n'));
    assertThat(summary.getTestsFailedCount()).as(failures.toString()).isZero();
    assertThat(summary.getTestsSucceededCount()).isEqualTo(5);
    assertThat(Enrolment.port).isNotZero().isNotEqualTo(Outage.port);
  }

  static void meetTheOtherClass() throws Exception {
    BOTH_RUNNING.await(60, TimeUnit.SECONDS);
  }

  /** A client's end-to-end enrolment with the code helper, with demo data and an admin token. */
  @TotpMockTest(adminToken = "class-token", demoData = true)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class Enrolment {
    static int port;

    @BeforeAll
    static void started(TotpMockRuntimeInfo mock) throws Exception {
      port = mock.port();
      meetTheOtherClass();
    }

    @Test
    @Order(1)
    void enrolsWithTheCodeThePhoneWouldShow(TotpMockRuntimeInfo mock) {
      RawHttp api = new RawHttp(mock.baseUrl());
      PendingRegistration pending = PendingRegistration.start(mock.hooks(), api);
      CurrentCode now = mock.hooks().currentCode(pending.userId(), pending.totpId());
      assertThat(now.getCode()).hasSize(6);
      assertThat(now.getValidForMillis()).isBetween(1L, 30_000L);
      assertThat(pending.verify(api, now.getCode()).status()).isEqualTo(200);
      assertThat(mock.demoData()).isPresent();
    }

    @Test
    @Order(2)
    void theCodeIsOnTheServersFrozenClock(TotpMockRuntimeInfo mock) {
      Instant frozen = Instant.parse("2031-05-05T10:00:07Z");
      mock.hooks().freezeClock(frozen);
      RawHttp api = new RawHttp(mock.baseUrl());
      PendingRegistration pending = PendingRegistration.start(mock.hooks(), api);
      CurrentCode now = mock.hooks().currentCode(pending.userId(), pending.totpId());
      assertThat(now.getCode()).isEqualTo(JceTotp.totp(pending.secret(), frozen.getEpochSecond()));
      assertThat(now.getStep()).isEqualTo(frozen.getEpochSecond() / 30);
      assertThat(now.getValidForMillis()).isEqualTo(23_000L);
    }

    @Test
    @Order(3)
    void eachTestStartsAfreshWithTheDemoDataBack(TotpMockRuntimeInfo mock) {
      assertThat(mock.hooks().clock().getFrozen()).as("the clock was reset").isFalse();
      RawHttp api = new RawHttp(mock.baseUrl());
      Reply demo = api.start("demo-token", "100000000000000002");
      assertThat(demo.status()).isEqualTo(200);
    }
  }

  /** A client's retry logic against a stubbed outage, through the injected WireMock client. */
  @TotpMockTest
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class Outage {
    static int port;

    @BeforeAll
    static void started(TotpMockRuntimeInfo mock) throws Exception {
      port = mock.port();
      meetTheOtherClass();
    }

    @Test
    @Order(1)
    void aStubbedOutageThenTheContract(TotpMockRuntimeInfo mock) {
      RawHttp api = new RawHttp(mock.baseUrl());
      CreatedUser user = mock.hooks().createUser();
      PendingRegistration pending = PendingRegistration.startFor(user, api);
      mock.wireMock()
          .register(post(urlPathMatching(".*/_verify")).willReturn(aResponse().withStatus(503)));
      String code = mock.hooks().currentCode(pending.userId(), pending.totpId()).getCode();
      assertThat(pending.verify(api, code).status()).isEqualTo(503);
      mock.wireMock().verifyThat(1, postRequestedFor(urlPathMatching(".*/_verify")));
    }

    @Test
    @Order(2)
    void theStubAndTheJournalAreGoneInTheNextTest(TotpMockRuntimeInfo mock) {
      assertThat(mock.wireMock().allStubMappings().getMappings()).isEmpty();
      mock.wireMock().verifyThat(0, postRequestedFor(urlPathMatching(".*/_verify")));
    }
  }
}
