package org.totpkit.mock.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class HealthCheckTest {
  @Test
  void theBodyCarriesTheRealTimeItIsGiven() {
    HealthCheck check = new HealthCheck(InstantSource.fixed(Instant.parse("2031-02-03T04:05:06Z")));

    assertThat(check.body())
        .startsWith("{\n  \"status\" : \"healthy\",\n  \"message\" : \"Wiremock is ok\",\n")
        .endsWith("  \"timestamp\" : \"2031-02-03T04:05:06Z\"\n}");
  }
}
