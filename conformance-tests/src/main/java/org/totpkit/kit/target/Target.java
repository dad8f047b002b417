package org.totpkit.kit.target;

import java.time.Duration;
import java.util.Optional;

/**
 * Where the kit points, and what it may do there (KIT.md, target.properties). Without a hooks URL
 * the kit uses the configured user and tokens; with one it provisions its own fixtures.
 *
 * @param description what to print and report as the target (never a token)
 * @param transport how the contract's three calls are made (the hooks are always REST)
 * @param rpcUrl where an RPC transport is served when not at {@code baseUrl}
 */
public record Target(
    String baseUrl,
    Optional<String> hooksUrl,
    Optional<String> userId,
    Optional<String> userToken,
    Optional<String> otherToken,
    Optional<String> adminToken,
    Optional<String> hooksToken,
    Duration clockTolerance,
    String description,
    Transport transport,
    Optional<String> rpcUrl) {

  /** How far a deployment's clock (plus a request's flight) may be from the kit's. */
  public static final Duration DEFAULT_CLOCK_TOLERANCE = Duration.ofSeconds(2);

  /** The embedded server reads the same system clock, so only the flight of a request counts. */
  public static final Duration SAME_CLOCK_TOLERANCE = Duration.ofMillis(250);

  public Target {
    baseUrl = stripTrailingSlash(baseUrl);
    hooksUrl = hooksUrl.map(Target::stripTrailingSlash);
    rpcUrl = rpcUrl.map(Target::stripTrailingSlash);
    if (transport == Transport.GRPC) {
      String path =
          java.net.URI.create(transport.isRpc() ? rpcUrl.orElse(baseUrl) : baseUrl).getPath();
      if (path != null && !path.isEmpty()) {
        // gRPC names its methods from the root: a path prefix cannot be honoured.
        throw new TargetConfigurationException(
            "gRPC is served at the root of a host: give rpcUrl as scheme://host:port, without the"
                + " path "
                + path);
      }
    }
  }

  /** A target reached over REST. */
  public Target(
      String baseUrl,
      Optional<String> hooksUrl,
      Optional<String> userId,
      Optional<String> userToken,
      Optional<String> otherToken,
      Optional<String> adminToken,
      Optional<String> hooksToken,
      Duration clockTolerance,
      String description) {
    this(
        baseUrl,
        hooksUrl,
        userId,
        userToken,
        otherToken,
        adminToken,
        hooksToken,
        clockTolerance,
        description,
        Transport.REST,
        Optional.empty());
  }

  /** The same target, reached over {@code other} (its RPC endpoint unchanged). */
  public Target over(Transport other) {
    return new Target(
        baseUrl,
        hooksUrl,
        userId,
        userToken,
        otherToken,
        adminToken,
        hooksToken,
        clockTolerance,
        description,
        other,
        rpcUrl);
  }

  /** Where the contract's calls go over the chosen transport: rpcUrl for RPC when given. */
  public String endpoint() {
    return transport.isRpc() ? rpcUrl.orElse(baseUrl) : baseUrl;
  }

  public boolean hasHooks() {
    return hooksUrl.isPresent();
  }

  /** A target served by hooks only: the kit makes its users and tokens itself. */
  public static Target withHooks(
      String baseUrl, String hooksUrl, Optional<String> hooksToken, String description) {
    return new Target(
        baseUrl,
        Optional.of(hooksUrl),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        hooksToken,
        SAME_CLOCK_TOLERANCE,
        description);
  }

  @Override
  public String toString() {
    // Tokens stay out of every string form of a target.
    return "Target["
        + description
        + " at "
        + endpoint()
        + " over "
        + transport
        + (hasHooks() ? ", with hooks" : "")
        + "]";
  }

  private static String stripTrailingSlash(String url) {
    String trimmed = url.trim();
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed;
  }
}
