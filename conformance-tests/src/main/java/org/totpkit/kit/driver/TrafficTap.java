package org.totpkit.kit.driver;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.totpkit.kit.report.Transcript;

/**
 * Every exchange as it crossed the wire. Each one goes, redacted, into the running scenario's
 * {@link Transcript} (the report's evidence); raw, to a listener that a test installs to prove
 * nothing issued leaks into a report (off unless a test installs one).
 */
public final class TrafficTap {
  /** One request and its answer, raw. */
  public record Exchange(
      String method,
      String path,
      Optional<String> authorization,
      String requestBody,
      int status,
      String responseBody,
      Map<String, List<String>> requestHeaders,
      Map<String, List<String>> responseHeaders) {
    /** An exchange whose headers (or metadata) the driver does not pass on. */
    public Exchange(
        String method,
        String path,
        Optional<String> authorization,
        String requestBody,
        int status,
        String responseBody) {
      this(
          method,
          path,
          authorization,
          requestBody,
          status,
          responseBody,
          authorization.map(a -> Map.of("Authorization", List.of(a))).orElse(Map.of()),
          Map.of());
    }

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
    Transcript.record(
        Transcript.Exchange.http(
            exchange.method(),
            exchange.path(),
            exchange.status(),
            exchange.requestHeaders(),
            exchange.responseHeaders(),
            exchange.requestBody(),
            exchange.responseBody()));
  }
}
