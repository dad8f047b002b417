package org.totpkit.mock.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Not a test (bench/embedded-start.sh runs it): how long {@code @TotpMockTest} takes to give a test
 * class its server, and to stop it, measured through the JUnit Platform the way a build runs test
 * classes one after another in one JVM. Prints one line per class: {@code run start_ms stop_ms},
 * the time from the class starting to its first test starting (the extension's beforeAll: the
 * server's start) and from its last test ending to the class ending (afterAll: the server's stop).
 */
public final class EmbeddedStartTiming {
  private EmbeddedStartTiming() {}

  /** The smallest user of the extension: one test that is given a running server. */
  @TotpMockTest
  public static class OneClass {
    @Test
    void isGivenAServer(TotpMockRuntimeInfo mock) {
      if (!mock.baseUrl().startsWith("http://")) {
        throw new AssertionError("no server: " + mock.baseUrl());
      }
    }
  }

  public static void main(String[] args) {
    int classes = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    Launcher launcher = LauncherFactory.create();
    for (int run = 1; run <= classes; run++) {
      Timing timing = new Timing();
      launcher.execute(
          LauncherDiscoveryRequestBuilder.request().selectors(selectClass(OneClass.class)).build(),
          timing);
      if (timing.failures > 0 || timing.classStart == 0 || timing.testStart == 0) {
        System.err.println("run " + run + ": the class did not run cleanly");
        System.exit(1);
      }
      System.out.printf(
          "%d %.1f %.1f%n",
          run,
          (timing.testStart - timing.classStart) / 1e6,
          (timing.classEnd - timing.testEnd) / 1e6);
    }
  }

  private static final class Timing implements TestExecutionListener {
    long classStart;
    long testStart;
    long testEnd;
    long classEnd;
    int failures;

    private static boolean isTheClass(TestIdentifier id) {
      return id.getSource()
          .filter(ClassSource.class::isInstance)
          .map(source -> ((ClassSource) source).getJavaClass().equals(OneClass.class))
          .orElse(false);
    }

    @Override
    public void executionStarted(TestIdentifier id) {
      long now = System.nanoTime();
      if (isTheClass(id)) {
        classStart = now;
      } else if (id.isTest()) {
        testStart = now;
      }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
      long now = System.nanoTime();
      if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
        failures++;
      }
      if (id.isTest()) {
        testEnd = now;
      } else if (isTheClass(id)) {
        classEnd = now;
      }
    }
  }
}
