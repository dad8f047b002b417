package org.totpkit.kit.target;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How the kit speaks to a target (docs/conformance-kit.md {@code transport}, contract/v3alpha.md
 * §5): REST, or one of the three RPC protocols that upstream serves on the same port.
 */
public enum Transport {
  REST("rest"),
  GRPC("grpc"),
  GRPC_WEB("grpc-web"),
  CONNECT("connect");

  /** Scenarios about what only REST has: HTTP routing, the JSON body rule, WWW-Authenticate. */
  public static final String REST_ONLY_TAG = "@rest";

  /** Scenarios about what only the RPC protocols have: unknown methods, undecodable messages. */
  public static final String RPC_ONLY_TAG = "@rpc";

  private final String key;

  Transport(String key) {
    this.key = key;
  }

  /** The name in target.properties and on the command line. */
  public String key() {
    return key;
  }

  public boolean isRpc() {
    return this != REST;
  }

  /** {@code rest}, {@code grpc}, {@code grpc-web} or {@code connect}, in any case. */
  public static Optional<Transport> named(String text) {
    String wanted = text.trim().toLowerCase(Locale.ROOT);
    return Stream.of(values()).filter(t -> t.key.equals(wanted)).findFirst();
  }

  /** For messages: "rest, grpc, grpc-web or connect". */
  public static String choices() {
    String all = Stream.of(values()).map(Transport::key).collect(Collectors.joining(", "));
    return all.substring(0, all.lastIndexOf(", ")) + " or " + CONNECT.key;
  }

  /**
   * Why a scenario with these tags cannot be shown over this transport, or empty when it can. The
   * reason is what the report says next to SKIPPED.
   */
  public Optional<String> cannotShow(Collection<String> tags) {
    if (isRpc() && tags.contains(REST_ONLY_TAG)) {
      return Optional.of(
          "not applicable over "
              + key
              + ": REST only (HTTP routing, the bare JSON string body, WWW-Authenticate)");
    }
    if (!isRpc() && tags.contains(RPC_ONLY_TAG)) {
      return Optional.of(
          "not applicable over rest: RPC only (unknown services and methods, undecodable"
              + " messages)");
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return key;
  }
}
