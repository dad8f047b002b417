package org.totpkit.kit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.totpkit.kit.report.ScenarioOutcome.Verdict;
import org.totpkit.kit.target.EmbeddedReferenceServer;
import org.totpkit.kit.target.Target;

/**
 * The kit runs scenarios concurrently, and those tagged {@code @clock} or {@code @policy} alone:
 * shown on the run's own cucumber.json, where each scenario has its start and its steps' durations.
 */
class ScenarioConcurrencyTest {
  private static final java.time.Duration RESOLUTION = java.time.Duration.ofMillis(1);

  /** A scenario's time span as the report has it (a lower bound of the real one) and its tags. */
  record Span(String name, Instant start, Instant end, boolean alone) {
    /**
     * Whether the two overlap by more than the report's resolution: a start is written in whole
     * milliseconds, so two scenarios one after the other may seem to share up to one.
     */
    boolean overlaps(Span other) {
      return start.isBefore(other.end.minus(RESOLUTION))
          && other.start.isBefore(end.minus(RESOLUTION));
    }
  }

  @Test
  void scenariosOverlapExceptThoseThatChangeTheClockOrThePolicy() throws IOException {
    Path reports = Path.of("target/scenario-concurrency");
    try (EmbeddedReferenceServer server = EmbeddedReferenceServer.start()) {
      ConformanceKit.Result result =
          ConformanceKit.run(
              server.target(),
              reports,
              Optional.of("@core or @lockout or @expiry or @TOTP-CORE-05"),
              FaultProofTest.quietly());
      assertThat(result.exitStatus()).isZero();
      assertThat(result.outcome().count(Verdict.PASSED)).isGreaterThan(20);
    }
    List<Span> spans = spans(reports.resolve("cucumber.json"));
    assertThat(spans).filteredOn(Span::alone).hasSizeGreaterThanOrEqualTo(7);
    List<String> overlapping = new ArrayList<>();
    for (int i = 0; i < spans.size(); i++) {
      for (int j = i + 1; j < spans.size(); j++) {
        Span a = spans.get(i);
        Span b = spans.get(j);
        if (a.overlaps(b)) {
          assertThat(a.alone() || b.alone()).as("%s ran beside %s", a.name(), b.name()).isFalse();
          overlapping.add(a.name() + " / " + b.name());
        }
      }
    }
    assertThat(overlapping).as("scenarios that ran at the same time").isNotEmpty();
  }

  @Test
  void aTargetWithoutHooksRunsOneScenarioAtATime() {
    Target withHooks =
        Target.withHooks(
            "http://127.0.0.1:1", "http://127.0.0.1:1/__admin/totp", Optional.empty(), "a target");
    Target blackBox = withHooks.blackBox("user-1", "token-1");
    assertThat(ScenarioConcurrency.parallelism(withHooks, null))
        .isEqualTo(ScenarioConcurrency.DEFAULT_PARALLELISM);
    assertThat(ScenarioConcurrency.parallelism(blackBox, null)).isEqualTo(1);
    assertThat(ScenarioConcurrency.parallelism(withHooks, " 2 ")).isEqualTo(2);
  }

  private static List<Span> spans(Path cucumberJson) throws IOException {
    List<Span> spans = new ArrayList<>();
    for (JsonNode feature : new ObjectMapper().readTree(cucumberJson.toFile())) {
      long background = 0;
      for (JsonNode element : feature.path("elements")) {
        if (element.path("type").asText().equals("background")) {
          background = nanos(element);
          continue;
        }
        Instant start = Instant.parse(element.path("start_timestamp").asText());
        boolean alone = false;
        for (JsonNode tag : element.path("tags")) {
          alone |= tag.path("name").asText().matches("@clock|@policy");
        }
        spans.add(
            new Span(
                element.path("name").asText(),
                start,
                start.plusNanos(background + nanos(element)),
                alone));
        background = 0;
      }
    }
    return spans;
  }

  private static long nanos(JsonNode element) {
    long sum = 0;
    for (String part : List.of("before", "steps", "after")) {
      for (JsonNode step : element.path(part)) {
        sum += step.path("result").path("duration").asLong();
      }
    }
    return sum;
  }
}
