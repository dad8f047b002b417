package org.totpkit.mock.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.totpkit.mock.testing.RpcStatusAssertions.assertDomainError;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.totpkit.mock.junit.HooksClient;
import org.totpkit.mock.junit.TotpMockServerExtension;
import org.totpkit.mock.testing.PendingRegistration;
import org.totpkit.mock.testing.RawHttp;
import org.totpkit.mock.testing.Reply;
import org.totpkit.mock.testing.TestEngine;

/**
 * Replay under concurrency (contract/v3alpha.md section 4): of N simultaneous right codes, one
 * wins.
 */
class ConcurrentVerifyHttpTest {
  @RegisterExtension static TotpMockServerExtension mock = TestEngine.onFreePort();

  static final int SUBMISSIONS = 48;
  static final Instant NOW = Instant.parse("2030-01-01T00:00:10Z");

  HooksClient hooks;
  ExecutorService pool;

  @BeforeEach
  void setUp() {
    hooks = mock.hooks();
    hooks.freezeClock(NOW);
    pool = Executors.newFixedThreadPool(SUBMISSIONS);
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    hooks.reset();
  }

  @RepeatedTest(3)
  void exactlyOneOfManySimultaneousRightCodesVerifies() throws Exception {
    RawHttp setup = new RawHttp(mock.baseUrl());
    PendingRegistration r = PendingRegistration.start(hooks, setup);
    String code = r.codeAt(NOW.getEpochSecond());

    CountDownLatch ready = new CountDownLatch(SUBMISSIONS);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Reply>> replies = new ArrayList<>();
    for (int i = 0; i < SUBMISSIONS; i++) {
      // A client per thread: separate connections, so the server really sees them at once.
      RawHttp client = new RawHttp(mock.baseUrl());
      replies.add(
          pool.submit(
              () -> {
                ready.countDown();
                go.await();
                return r.verify(client, code);
              }));
    }
    assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
    go.countDown();

    int verified = 0;
    for (Future<Reply> future : replies) {
      Reply reply = future.get(60, TimeUnit.SECONDS);
      if (reply.status() == 200) {
        verified++;
      } else {
        assertDomainError(
            reply, 400, 9, "COMMAND-qx4ls", "Multifactor OTP (OneTimePassword) is already set up");
      }
    }
    assertThat(verified).as("successful verifications").isEqualTo(1);
  }
}
