package org.totpkit.kit.driver;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Every exchange as it crossed the wire, unredacted, for tests that prove nothing issued leaks into
 * a report. Off unless a test installs a listener.
 */
public final class TrafficTap {
  /** One request and its answer, raw. */
  public record Exchange(
      String method,
      String path,
      Optional<String> authorization,
      String requestBody,
      int status,
      String responseBody) {
    @Override
    public String toString() {
      return method + " " + path + " -> " + status;
    }
  }

  private static volatile Consumer<Exchange> listener = exchange -> {};

  private TrafficTap() {}

  public static void listen(Consumer<Exchange> consumer) {
    listener = consumer;
  }

  public static void stop() {
    listener = exchange -> {};
  }

  /** Called by the driver for every exchange it makes, whatever the transport. */
  public static void record(Exchange exchange) {
    listener.accept(exchange);
  }
}
