package org.totpkit.kit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Predicate;
import org.junit.platform.engine.ConfigurationParameters;
import org.junit.platform.engine.support.hierarchical.ParallelExecutionConfiguration;
import org.junit.platform.engine.support.hierarchical.ParallelExecutionConfigurationStrategy;
import org.totpkit.kit.target.Target;
import org.totpkit.kit.target.Targets;

/**
 * How many scenarios run at once: {@value #DEFAULT_PARALLELISM} on a target with hooks, where every
 * scenario makes its own users and registrations; one at a time on a target without hooks, where
 * every scenario works on the one user of target.properties (and, in the v2 dialect, on that user's
 * one TOTP). {@code -Dtotp.kit.parallelism=N} (or the configuration parameter of that name) chooses
 * another pool size; 1 runs the scenarios one after another.
 *
 * <p>The pool is fixed: a scenario that waits (the concurrent-verify scenario's latch, a lock held
 * by an {@code @clock} scenario) does not make the pool grow.
 */
public final class ScenarioConcurrency implements ParallelExecutionConfigurationStrategy {
  public static final String PARALLELISM_PROPERTY = "totp.kit.parallelism";

  /**
   * Four, on the two cores this is tuned for: the kit and the embedded server share the CPU, and a
   * scenario spends part of its time waiting on the wire.
   */
  static final int DEFAULT_PARALLELISM = 4;

  static final String RESOURCE = "concurrency.properties";

  /** The configuration parameters of concurrency.properties, for a launcher request. */
  static Map<String, String> parameters() {
    Properties properties = new Properties();
    try (InputStream in = ScenarioConcurrency.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the kit's " + RESOURCE + " is missing from its jar");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> parameters = new TreeMap<>();
    properties.stringPropertyNames().forEach(k -> parameters.put(k, properties.getProperty(k)));
    return parameters;
  }

  /** The pool size for {@code target}, with {@code chosen} (a -D value, may be null) winning. */
  static int parallelism(Target target, String chosen) {
    if (chosen != null && !chosen.isBlank()) {
      try {
        return Math.max(1, Integer.parseInt(chosen.strip()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "-D" + PARALLELISM_PROPERTY + " must be a whole number, not " + chosen.strip(), e);
      }
    }
    return target.hooksUrl().isPresent() ? DEFAULT_PARALLELISM : 1;
  }

  @Override
  public ParallelExecutionConfiguration createConfiguration(ConfigurationParameters parameters) {
    String chosen =
        parameters.get(PARALLELISM_PROPERTY).orElse(System.getProperty(PARALLELISM_PROPERTY));
    int size = parallelism(Targets.current(), chosen);
    return new Fixed(size);
  }

  private record Fixed(int size) implements ParallelExecutionConfiguration {
    @Override
    public int getParallelism() {
      return size;
    }

    @Override
    public int getMinimumRunnable() {
      return 0;
    }

    @Override
    public int getMaxPoolSize() {
      return size;
    }

    @Override
    public int getCorePoolSize() {
      return size;
    }

    @Override
    public int getKeepAliveSeconds() {
      return 30;
    }

    @Override
    public Predicate<? super ForkJoinPool> getSaturatePredicate() {
      // At the bound, a blocked worker waits instead of failing the run.
      return pool -> true;
    }
  }
}
