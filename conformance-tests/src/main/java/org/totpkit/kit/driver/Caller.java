package org.totpkit.kit.driver;

import java.util.Optional;

/** Who a request claims to be: the Authorization header it carries, if any. */
public sealed interface Caller {

  /** The value of the Authorization header, or empty for none. */
  Optional<String> authorization();

  static Caller anonymous() {
    return new Anonymous();
  }

  static Caller bearer(String token) {
    return new Bearer(token);
  }

  /** A header sent exactly as given: for the "without the Bearer prefix" cases. */
  static Caller rawAuthorization(String headerValue) {
    return new Raw(headerValue);
  }

  record Anonymous() implements Caller {
    @Override
    public Optional<String> authorization() {
      return Optional.empty();
    }
  }

  record Bearer(String token) implements Caller {
    @Override
    public Optional<String> authorization() {
      return Optional.of("Bearer " + token);
    }

    @Override
    public String toString() {
      return "Bearer[redacted]";
    }
  }

  record Raw(String headerValue) implements Caller {
    @Override
    public Optional<String> authorization() {
      return Optional.of(headerValue);
    }

    @Override
    public String toString() {
      return "Raw[redacted]";
    }
  }
}
