package org.totpkit.kit.target;

import java.time.Duration;
import java.util.Optional;

/**
 * Where the kit points, and what it may do there (docs/conformance-kit.md, target.properties).
 * Without a hooks URL the kit uses the configured user and tokens; with one it provisions its own
 * fixtures.
 *
 * @param description what to print and report as the target (never a token)
 * @param transport how the contract's three calls are made (the hooks are always REST)
 * @param rpcUrl where an RPC transport is served when not at {@code baseUrl}
 * @param dialect which TOTP API the kit speaks there (v3alpha unless chosen)
 * @param referenceServer whether the target is this project's reference server: only there are
 *     error message texts compared (a deployment translates them; IDs and codes are compared
 *     everywhere)
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
    Optional<String> rpcUrl,
    Dialect dialect,
    boolean referenceServer) {

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

  /** A target in the v3alpha dialect, not known to be the reference server. */
  public Target(
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
        transport,
        rpcUrl,
        Dialect.V3ALPHA,
        false);
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
        rpcUrl,
        dialect,
        referenceServer);
  }

  /** The same target, spoken to in {@code other}. */
  public Target in(Dialect other) {
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
        transport,
        rpcUrl,
        other,
        referenceServer);
  }

  /** The same target, known to be the reference server (its message texts are compared too). */
  public Target asReferenceServer() {
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
        transport,
        rpcUrl,
        dialect,
        true);
  }

  /**
   * The same target without its hooks, user token and other token: what a CI pipeline holds for a
   * real ZITADEL in the v2 dialect ({@code baseUrl}, {@code user.id}, {@code admin.token}).
   */
  public Target blackBox(String userId, String adminToken) {
    return new Target(
        baseUrl,
        Optional.empty(),
        Optional.of(userId),
        Optional.empty(),
        Optional.empty(),
        Optional.of(adminToken),
        Optional.empty(),
        clockTolerance,
        description + ", black box",
        transport,
        rpcUrl,
        dialect,
        referenceServer);
  }

  /**
   * Fails when the credentials this target's dialect needs without hooks are missing
   * (docs/conformance-kit.md): v3alpha needs {@code user.id} and {@code user.token}, v2 needs
   * {@code user.id} and {@code admin.token}.
   *
   * @param source where the target came from, for the one-line message
   */
  public Target requireCredentials(String source) {
    if (hooksUrl.isPresent()) {
      return this;
    }
    String without = " (required without hooksUrl" + (dialect == Dialect.V2 ? " in v2)" : ")");
    if (userId.isEmpty()) {
      throw new TargetConfigurationException(source + ": missing key user.id" + without);
    }
    if (dialect == Dialect.V2 && adminToken.isEmpty()) {
      throw new TargetConfigurationException(
          source
              + ": missing key admin.token"
              + without
              + ": a service user's personal access token with user.credential.write and"
              + " user.write on the user's organization");
    }
    if (dialect == Dialect.V3ALPHA && userToken.isEmpty()) {
      throw new TargetConfigurationException(source + ": missing key user.token" + without);
    }
    return this;
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
        + " in "
        + dialect
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
